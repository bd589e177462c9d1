/**
 * The step table: every menu action, once. The flow config's `menu.keys`
 * schema, `hotline check`'s graph and prompt checks and the menu dispatch
 * are built from it. A new step is one file in this folder, one line here,
 * its prompts in sounds/catalog.yaml, and its tests.
 */
import { z } from 'zod';
import type { CallContext } from '../../call/context.js';
import type { FlowResult } from '../flow-result.js';
import type { StepDef } from './step.js';
import { transferSchema, transferStep } from './transfer-step.js';
import { agentSchema, agentStep } from './agent-step.js';
import { holdLookupSchema, holdLookupStep } from './hold-lookup-step.js';
import { identityLookupSchema, identityLookupStep } from './identity-lookup-step.js';
import { infoSchema, infoStep } from './info-step.js';
import { languageSchema, languageStep } from './language-step.js';
import { closeSchema, closeStep } from './close-step.js';

/** What a menu key does. (The schemas are listed apart from the steps only so the config's types do not refer to themselves; the check below keeps the two lists one.) */
export const MenuAction = z.discriminatedUnion('action', [transferSchema, agentSchema, holdLookupSchema, identityLookupSchema, infoSchema, languageSchema, closeSchema]);
export type MenuAction = z.infer<typeof MenuAction>;

/** Every step, once. */
export const STEPS: readonly StepDef[] = [transferStep, agentStep, holdLookupStep, identityLookupStep, infoStep, languageStep, closeStep] as unknown as StepDef[];

if (STEPS.length !== MenuAction.options.length || STEPS.some((s, i) => s.schema !== MenuAction.options[i])) {
  throw new Error('src/flows/steps/index.ts: STEPS and MenuAction list different steps');
}

/** The step for an action. */
export function stepFor(action: MenuAction): StepDef {
  const step = STEPS.find((s) => s.action === action.action);
  if (!step) throw new Error(`no step for action ${action.action}`);
  return step;
}

/** Runs the step a menu key chose, and notes where it sent the call. */
export async function runStep(ctx: CallContext, action: MenuAction): Promise<FlowResult> {
  const result = await stepFor(action).run(ctx, action);
  ctx.timeline.add('step-result', { action: action.action, result });
  return result;
}

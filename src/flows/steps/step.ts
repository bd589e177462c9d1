/**
 * A menu step: one file per action, declaring in one place its config
 * schema (the prompts it needs are the PromptList fields of that schema),
 * the outcomes it can have (for `hotline check`'s graph), what it reaches
 * (targets, languages), its own config errors, and its run function. The
 * config schema, the graph and prompt checks and the menu dispatch are all
 * built from the table in index.ts, so they cannot drift apart.
 */
import type { z } from 'zod';
import type { CallContext } from '../../call/context.js';
import type { FlowResult } from '../flow-result.js';
import type { FindingCollector } from '../../config/collector.js';
import type { DocPath } from '../../config/finding.js';
import type { HotlineConfig } from '../../config/schema.js';
import { PromptList } from '../../config/schema-parts.js';

/** An action's config schema: an object with a literal `action`. */
export type ActionSchema = z.ZodObject<{ action: z.ZodLiteral<string> } & z.ZodRawShape>;

/** One menu step. */
export interface StepDef<S extends ActionSchema = ActionSchema> {
  /** The `action:` value in flows/hotline.yaml. */
  readonly action: z.infer<S>['action'];
  /** Its config (strict: a typo in a field is an error). */
  readonly schema: S;
  /** Where the call can go after it, for a caller who stays on the line ('ended' when the step itself closes). */
  outcomes(a: z.infer<S>, config: HotlineConfig): FlowResult[];
  /** Targets and languages a caller can reach through it. */
  reaches?(a: z.infer<S>, config: HotlineConfig): { targets?: string[]; languages?: string[] };
  /** Config errors only this step can see (e.g. a transfer to a target that does not exist). */
  check?(a: z.infer<S>, config: HotlineConfig, at: DocPath, out: FindingCollector): void;
  /** Runs it. */
  run(ctx: CallContext, a: z.infer<S>): Promise<FlowResult>;
}

/** Declares a step (keeps its schema's type for the run function). */
export function defineStep<S extends ActionSchema>(def: StepDef<S>): StepDef<S> {
  return def;
}

/** The prompt lists of an action entry: every field its schema declares as a PromptList. */
export function actionPromptFields(schema: ActionSchema): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => unwrap(field) === PromptList)
    .map(([name]) => name);
}

/** A field with a default or optional wrapper is still a PromptList. */
function unwrap(field: unknown): unknown {
  let f = field as { def?: { innerType?: unknown; type?: string } };
  while (f?.def?.innerType && (f.def.type === 'default' || f.def.type === 'optional')) f = f.def.innerType as typeof f;
  return f;
}

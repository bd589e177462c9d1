/**
 * The key menu (standards sections 2-3), asked through `ask`: silence gets
 * the offer of help once more, then the no-sound close; an invalid key or
 * speech without a key gets an apology and the menu again, a bounded number
 * of times; the last miss's apology is followed by the agent route or the
 * close. Never "what?", never a rude reprompt. The chosen step runs from the
 * step table (src/flows/steps/).
 */
import type { CallContext } from '../call/context.js';
import { ask } from '../call/ask.js';
import { runStep } from './steps/index.js';
import { transfer } from './transfer.js';
import { closeWithGoodbye } from './polite-close.js';
import type { FlowResult } from './flow-result.js';

/** Options for runMenu. */
export interface MenuOptions {
  /** Prompts said before the menu as part of the same question (the greeting: a caller who knows the menu can press at once). */
  before?: readonly string[];
}

/** Plays the menu, waits for a choice and runs it; returns where the call goes next. */
export async function runMenu(ctx: CallContext, o: MenuOptions = {}): Promise<FlowResult> {
  const p = ctx.config.prompts;
  const keys = ctx.config.menu.keys;
  const answer = await ask(ctx, {
    name: 'menu',
    question: [...(o.before ?? []), ...p.menu],
    again: p.menu,
    silenceReplay: p.repeatOffer,
    fit: (d) => (keys[d] ? 'ok' : 'invalid'),
  });
  if (answer.kind === 'gone') return 'ended';
  if (answer.kind !== 'answer') return menuExhausted(ctx);
  const action = keys[answer.digits];
  if (!action) return menuExhausted(ctx);
  ctx.timeline.add('menu-choice', { key: answer.digits, action: action.action });
  return runStep(ctx, action);
}

/** After too many misses (their apology said): a person, or the close. */
async function menuExhausted(ctx: CallContext): Promise<FlowResult> {
  ctx.timeline.add('menu-exhausted', { then: ctx.config.menu.onExhausted });
  if (ctx.config.menu.onExhausted === 'agent') return transfer(ctx, ctx.config.agentTarget);
  return closeWithGoodbye(ctx);
}

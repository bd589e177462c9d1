/**
 * The polite close: "anything else?" (key 1 or speech returns to the menu),
 * thanks, goodbye, then the caller gets the grace period to hang up first.
 */
import type { CallContext } from '../call/context.js';
import { ms } from '../call/context.js';
import { say } from '../call/say.js';
import { ask } from '../call/ask.js';
import { letCallerHangUpFirst } from '../call/hangup.js';
import type { FlowResult } from './flow-result.js';

/** Key that takes the caller from "anything else?" back to the menu. */
export const BACK_TO_MENU_KEY = '1';

/** Asks whether there is anything else; closes if not. */
export async function politeClose(ctx: CallContext): Promise<FlowResult> {
  const answer = await ask(ctx, {
    name: 'anything-else',
    question: ctx.config.prompts.anythingElse,
    replyMs: ms(ctx.config.timings.menuReplySeconds),
    fit: (d) => (d === BACK_TO_MENU_KEY ? 'ok' : 'invalid'),
    // They are saying something: never close over a caller mid-request.
    speech: 'answer',
    // Silence here is the answer "nothing else", not a line we cannot hear.
    silenceReplays: 0,
    onSilence: 'return',
    attempts: 2,
  });
  if (answer.kind === 'gone') return 'ended';
  if (answer.kind === 'answer' || answer.kind === 'speech') return 'back-to-menu';
  return closeWithGoodbye(ctx);
}

/** Thanks, goodbye, and the close grace period (no "anything else?"). */
export async function closeWithGoodbye(ctx: CallContext): Promise<FlowResult> {
  const p = ctx.config.prompts;
  const bye = await say(ctx, [...p.thanks, ...p.goodbye]);
  if (bye.kind === 'gone') return 'ended';
  await letCallerHangUpFirst(ctx, ms(ctx.config.timings.closeGraceSeconds));
  return 'ended';
}

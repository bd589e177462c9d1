/**
 * The polite close: "anything else?" (a key returns to the menu), thanks,
 * goodbye, then the caller gets the grace period to hang up first.
 */
import type { CallContext } from '../call/context.js';
import { ms } from '../call/context.js';
import { say } from '../call/say.js';
import { listen, waitForSpeechEnd } from '../call/listen.js';
import { letCallerHangUpFirst } from '../call/hangup.js';
import type { FlowResult } from './flow-result.js';

/** Longest we let a caller speak at "anything else?" before answering. */
const MAX_SPEECH_WAIT_MS = 15_000;

/** Key that takes the caller from "anything else?" back to the menu. */
export const BACK_TO_MENU_KEY = '1';

/** Asks whether there is anything else; closes if not. */
export async function politeClose(ctx: CallContext): Promise<FlowResult> {
  const p = ctx.config.prompts;
  ctx.input.clearKeys();
  const asked = await say(ctx, p.anythingElse, { interruptible: true });
  if (asked.kind === 'gone') return 'ended';
  const reply = await listen(ctx, ms(ctx.config.timings.menuReplySeconds));
  if (reply.kind === 'gone') return 'ended';
  if (reply.kind === 'key' && reply.key === BACK_TO_MENU_KEY) return 'back-to-menu';
  if (reply.kind === 'speech') {
    // They are saying something: never close over a caller mid-request; let
    // them finish and take them back to the menu.
    const k = await waitForSpeechEnd(ctx, MAX_SPEECH_WAIT_MS);
    return k === 'gone' ? 'ended' : 'back-to-menu';
  }
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

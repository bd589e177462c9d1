/**
 * Hold for a look-up (standards section 4): give the reason and ask
 * permission, hold with music and a progress line every check-in interval,
 * offer a callback once the hold passes the offer time, and thank the caller
 * for waiting when we come back. At the maximum the caller hears why, and
 * chooses a callback or the service desk.
 */
import type { CallContext } from '../call/context.js';
import { ms } from '../call/context.js';
import { say } from '../call/say.js';
import { ask } from '../call/ask.js';
import { transfer } from './transfer.js';
import { holdWithCheckIns } from '../call/hold.js';
import { callbackForDesk } from './callback-capture.js';
import type { FlowResult } from './flow-result.js';

/** Key that accepts the callback offer during the hold. */
export const CALLBACK_KEY_ON_HOLD = '1';
/** Key that accepts the hold at the permission question. */
export const HOLD_KEY = '1';
/** Key that asks for a callback instead of holding, at the permission question. */
export const CALLBACK_INSTEAD_KEY = '2';

/** Holds the caller while the look-up runs. */
export async function holdForLookup(ctx: CallContext, reason: readonly string[], lookupSeconds: number): Promise<FlowResult> {
  const p = ctx.config.prompts;
  const t = ctx.config.timings;
  // The reason first, then the question; a key pressed during the reason answers nothing.
  const answer = await ask(ctx, {
    name: 'hold-permission',
    preamble: reason,
    question: p.holdPermission,
    replyMs: ms(t.menuReplySeconds),
    fit: (d) => (d === HOLD_KEY || d === CALLBACK_INSTEAD_KEY ? 'ok' : 'invalid'),
    // The question says "press 1, or simply stay on the line": staying, or saying "yes", is consent.
    speech: 'answer',
    silenceReplays: 0,
    onSilence: 'return',
  });
  if (answer.kind === 'gone') return 'ended';
  if (answer.kind === 'answer' && answer.digits === CALLBACK_INSTEAD_KEY) return callbackForDesk(ctx, 'hold');
  const work = new AbortController();
  const lookup = ctx.services.lookup({ what: 'order-status', seconds: lookupSeconds, callerNumber: ctx.caller.number }, work.signal);
  const held = await holdWithCheckIns(ctx, {
    until: lookup,
    checkInPrompts: p.holdCheckIn,
    checkInMs: ms(t.checkInSeconds),
    offer: { afterMs: ms(t.callbackOfferAfterSeconds), prompts: p.holdCallbackOffer, acceptKey: CALLBACK_KEY_ON_HOLD },
    maxMs: ms(t.maxHoldSeconds),
    purpose: 'lookup',
  });
  work.abort();
  await lookup.catch(() => undefined);
  if (held.kind === 'gone') return 'ended';
  if (held.kind === 'done') {
    const r = await say(ctx, [...p.holdThanks, ...p.lookupDone]);
    return r.kind === 'gone' ? 'ended' : 'close';
  }
  if (held.kind === 'callback') {
    const r = await say(ctx, p.holdThanks);
    if (r.kind === 'gone') return 'ended';
    return callbackForDesk(ctx, 'hold');
  }
  return afterMaxHold(ctx);
}

/** Keys of the question at the maximum hold. */
export const MAX_HOLD_CALLBACK_KEY = '1';
export const MAX_HOLD_DESK_KEY = '0';

/**
 * The hold reached its maximum: thank the caller, explain that it is taking
 * longer than we may ask them to wait, and let them choose a callback (1) or
 * a colleague at the service desk (0).
 */
async function afterMaxHold(ctx: CallContext): Promise<FlowResult> {
  const p = ctx.config.prompts;
  ctx.timeline.add('hold-max', {});
  const answer = await ask(ctx, {
    name: 'hold-max',
    question: [...p.holdThanks, ...p.holdMaxReached],
    again: p.holdMaxReached,
    fit: (d) => (d === MAX_HOLD_CALLBACK_KEY || d === MAX_HOLD_DESK_KEY ? 'ok' : 'invalid'),
  });
  if (answer.kind === 'gone') return 'ended';
  if (answer.kind === 'answer' && answer.digits === MAX_HOLD_DESK_KEY) return transfer(ctx, ctx.config.agentTarget);
  if (answer.kind === 'answer') return callbackForDesk(ctx, 'hold');
  return 'close';
}

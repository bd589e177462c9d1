/**
 * Hold for a look-up (standards section 4): give the reason and ask
 * permission, hold with music and a progress line every check-in interval,
 * offer a callback once the hold passes the offer time, stop at the maximum,
 * and thank the caller for waiting when we come back.
 */
import type { CallContext } from '../call/context.js';
import { ms } from '../call/context.js';
import { say } from '../call/say.js';
import { listen } from '../call/listen.js';
import { holdWithCheckIns } from '../call/hold.js';
import { captureCallback } from './callback-capture.js';
import type { FlowResult } from './flow-result.js';

/** Key that accepts the callback offer (and declines the hold when asked permission). */
export const CALLBACK_KEY_ON_HOLD = '1';
/** Key that asks for a callback instead of holding, at the permission question. */
export const CALLBACK_INSTEAD_KEY = '2';

/** Holds the caller while the look-up runs. */
export async function holdForLookup(ctx: CallContext, reason: readonly string[], lookupSeconds: number): Promise<FlowResult> {
  const p = ctx.config.prompts;
  const t = ctx.config.timings;
  ctx.input.clearKeys();
  const asked = await say(ctx, [...reason, ...p.holdPermission], { interruptible: true });
  if (asked.kind === 'gone') return 'ended';
  const answer = await listen(ctx, ms(t.menuReplySeconds));
  if (answer.kind === 'gone') return 'ended';
  const agentName = ctx.config.agentTarget;
  const agent = ctx.config.targets[agentName];
  if (answer.kind === 'key' && answer.key === CALLBACK_INSTEAD_KEY && agent) {
    return captureCallback(ctx, { targetName: agentName, target: agent, reason: 'hold', announceBusy: false });
  }
  // Key 1, speech or silence: the caller stays on the line, which is consent to hold.
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
  // Callback accepted, or the hold reached its maximum: thank them and take a number.
  const r = await say(ctx, p.holdThanks);
  if (r.kind === 'gone') return 'ended';
  if (!agent) return 'close';
  return captureCallback(ctx, { targetName: agentName, target: agent, reason: 'hold', announceBusy: false });
}

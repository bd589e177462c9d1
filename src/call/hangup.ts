/**
 * Ending a call politely: after the closing words the caller gets a grace
 * period to hang up first; only then do we hang up.
 */
import type { CallContext } from './context.js';
import { isOver } from './context.js';
import { sleep } from '../clock/clock.js';

/** Waits graceMs for the caller to hang up; if they have not, hangs up. Returns who ended the call. */
export async function letCallerHangUpFirst(ctx: CallContext, graceMs: number): Promise<'caller' | 'us'> {
  if (isOver(ctx)) return 'caller';
  try {
    await sleep(ctx.clock, graceMs, ctx.signal);
  } catch {
    return 'caller';
  }
  if (isOver(ctx)) return 'caller';
  await hangUpNow(ctx);
  return 'us';
}

/** Hang-up attempts before we give up on a channel Asterisk will not end (a 500 must not strand the caller). */
const HANGUP_ATTEMPTS = 3;
const HANGUP_RETRY_MS = 1_000;

/** Hangs up at once (used after the grace period, and by shutdown); a failed hang-up is tried again twice, 1 s apart. */
export async function hangUpNow(ctx: CallContext): Promise<void> {
  if (ctx.channel.ended) return;
  ctx.endedBy = 'us';
  for (let attempt = 1; attempt <= HANGUP_ATTEMPTS; attempt++) {
    try {
      await ctx.channel.hangup();
      return;
    } catch (err) {
      const last = attempt === HANGUP_ATTEMPTS;
      ctx.log.error(`hangup failed${last ? '' : ', trying again'}: ${err instanceof Error ? err.message : String(err)}`, { callId: ctx.id });
      if (last) return;
    }
    await sleep(ctx.clock, HANGUP_RETRY_MS);
    if (ctx.channel.ended) return;
  }
}

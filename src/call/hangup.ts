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

/** Hangs up at once (used after the grace period, and by shutdown). */
export async function hangUpNow(ctx: CallContext): Promise<void> {
  if (ctx.channel.ended) return;
  ctx.endedBy = 'us';
  try {
    await ctx.channel.hangup();
  } catch (err) {
    ctx.log.error(`hangup failed: ${err instanceof Error ? err.message : String(err)}`, { callId: ctx.id });
  }
}

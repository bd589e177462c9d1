/** recordVoiceNote: a short recording (e.g. how to address the caller), as a value. */
import type { CallContext } from './context.js';

/** What recording produced. */
export type RecordOutcome = { kind: 'recorded'; name: string; seconds: number } | { kind: 'none' } | { kind: 'gone' };

/** Records up to maxSeconds after a beep; ends on '#' or silence. */
export async function recordVoiceNote(ctx: CallContext, name: string, maxSeconds: number): Promise<RecordOutcome> {
  const r = await ctx.channel.record({
    name,
    maxDurationSeconds: Math.ceil(maxSeconds),
    maxSilenceSeconds: 2,
    beep: true,
    terminateOn: '#',
  });
  if (r.status === 'hangup') return { kind: 'gone' };
  if (r.status !== 'done') {
    ctx.log.warn(`voice note not recorded: ${r.status}`, { callId: ctx.id });
    ctx.timeline.add('recorded', { name, status: r.status });
    return { kind: 'none' };
  }
  ctx.timeline.add('recorded', { name, seconds: r.durationSec ?? 0 });
  return { kind: 'recorded', name, seconds: r.durationSec ?? 0 };
}

/** recordVoiceNote: a short recording (e.g. how to address the caller), as a value. */
import type { CallContext } from './context.js';
import { say } from './say.js';
import type { SystemPromptId } from '../config/system-prompts.js';

/** What recording produced. */
export type RecordOutcome = { kind: 'recorded'; name: string; seconds: number } | { kind: 'none' } | { kind: 'gone' };

/** Our own tone prompt: Asterisk's beep=true needs core sounds a PBX may not have. */
export const BEEP_PROMPT: SystemPromptId = 'beep';

/** Plays our beep, then records up to maxSeconds; ends on '#' or silence. */
export async function recordVoiceNote(ctx: CallContext, name: string, maxSeconds: number): Promise<RecordOutcome> {
  const beeped = await say(ctx, [BEEP_PROMPT]);
  if (beeped.kind === 'gone') return { kind: 'gone' };
  // The caller's turn begins: the standards check does not count it as silence from us.
  ctx.timeline.add('recording-started', { name, maxSeconds });
  const r = await ctx.channel.record({
    name,
    maxDurationSeconds: Math.ceil(maxSeconds),
    maxSilenceSeconds: 2,
    beep: false,
    terminateOn: '#',
  });
  if (r.status === 'hangup') return { kind: 'gone' };
  // A recording that "finished" with no length wrote no file (Asterisk does
  // this when it cannot start one): nothing to store.
  if (r.status === 'done' && !r.durationSec) {
    ctx.log.warn('voice note finished with no audio; not stored', { callId: ctx.id });
    ctx.timeline.add('recorded', { name, status: 'empty' });
    return { kind: 'none' };
  }
  if (r.status !== 'done') {
    ctx.log.warn(`voice note not recorded: ${r.status}`, { callId: ctx.id });
    ctx.timeline.add('recorded', { name, status: r.status });
    return { kind: 'none' };
  }
  ctx.timeline.add('recorded', { name, seconds: r.durationSec ?? 0 });
  return { kind: 'recorded', name, seconds: r.durationSec ?? 0 };
}

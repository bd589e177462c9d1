/**
 * The caller's experience of a call, as a timeline: what they heard from us
 * (playbacks, MOH, ringing, a bridge partner), what they did (keys, speech,
 * hangup). longestSilenceMs() measures the worst gap in what they heard.
 */
import type { HangupBy } from '../model/channel.js';

/** What happened, without the times. */
export type CallerEvent =
  | { kind: 'placed'; from: string; to: string }
  | { kind: 'stasis-failed' }
  | { kind: 'answered' }
  | { kind: 'playback-started'; playbackId: string; media: string; lang: string }
  | { kind: 'playback-finished'; playbackId: string; media: string; lang: string; status: string }
  | { kind: 'moh-started'; mohClass: string }
  | { kind: 'moh-stopped'; reason: string }
  | { kind: 'ringing-started' }
  | { kind: 'ringing-stopped'; reason: string }
  | { kind: 'entered-bridge'; bridgeId: string; with: string[] }
  | { kind: 'bridge-peers'; bridgeId: string; with: string[] }
  | { kind: 'left-bridge'; bridgeId: string }
  | { kind: 'recording-started'; name: string }
  | { kind: 'recording-finished'; name: string; state: string }
  | { kind: 'key'; digit: string }
  | { kind: 'speech'; durationMs: number }
  /** The caller's phone stopped sending audio frames (speakThenMute). */
  | { kind: 'muted' }
  | { kind: 'step-timeout'; step: string }
  /** The call ended while the script still waited on this step. */
  | { kind: 'step-unfinished'; step: string }
  | { kind: 'hangup'; by: HangupBy; cause: number; causeTxt: string };

/** One log line: `at` is clock time, `t` ms since the call was placed. */
export type CallerLogEntry = CallerEvent & { at: number; t: number };

/** Options for longestSilenceMs. */
export interface SilenceOptions {
  /** End of the measured span if the log has no hangup yet (default: the last entry). */
  until?: number;
  /** Count time spent being recorded as not silent (the caller is talking to us). */
  ignoreRecording?: boolean;
}

/**
 * The longest stretch, in ms, between answer and hangup during which the
 * caller heard nothing from us: no playback, no MOH, no ringing, not bridged
 * with anyone. A playback that fails at once does not break the silence.
 */
export function longestSilenceMs(log: readonly CallerLogEntry[], opts: SilenceOptions = {}): number {
  const answered = log.find((e) => e.kind === 'answered');
  if (!answered) return 0;
  const hangup = log.find((e) => e.kind === 'hangup');
  const end = hangup?.at ?? opts.until ?? log[log.length - 1]?.at ?? answered.at;
  const playing = new Set<string>();
  let moh = false;
  let ringing = false;
  let bridged = false;
  let recording = false;
  const heard = (): boolean => playing.size > 0 || moh || ringing || bridged || (opts.ignoreRecording === true && recording);
  // Collect intervals with sound, then measure the gaps between them.
  const sound: [number, number][] = [];
  let since: number | undefined;
  for (const e of log) {
    const before = heard();
    switch (e.kind) {
      case 'playback-started':
        playing.add(e.playbackId);
        break;
      case 'playback-finished':
        playing.delete(e.playbackId);
        break;
      case 'moh-started':
        moh = true;
        break;
      case 'moh-stopped':
        moh = false;
        break;
      case 'ringing-started':
        ringing = true;
        break;
      case 'ringing-stopped':
        ringing = false;
        break;
      case 'entered-bridge':
      case 'bridge-peers':
        bridged = e.with.length > 0;
        break;
      case 'left-bridge':
        bridged = false;
        break;
      case 'recording-started':
        recording = true;
        break;
      case 'recording-finished':
        recording = false;
        break;
      default:
        break;
    }
    const after = heard();
    if (!before && after) since = e.at;
    if (before && !after && since !== undefined) {
      sound.push([since, e.at]);
      since = undefined;
    }
  }
  if (since !== undefined) sound.push([since, end]);
  let longest = 0;
  let cursor = answered.at;
  for (const [start, stop] of sound) {
    if (stop <= start || stop <= cursor) continue;
    if (start > cursor) longest = Math.max(longest, Math.min(start, end) - cursor);
    cursor = Math.max(cursor, stop);
  }
  if (end > cursor) longest = Math.max(longest, end - cursor);
  return longest;
}

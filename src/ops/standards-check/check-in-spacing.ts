/**
 * Check-in spacing: on hold (music) and while a colleague rings, the
 * caller never goes longer than checkInSeconds (plus wire slack) between
 * the end of one word of ours and the start of the next, counting from the
 * moment the hold began to the moment it ended (or the call did).
 */
import type { TimelineEntry } from '../../call/timeline.js';
import type { Violation } from './rules.js';
import type { StandardsThresholds } from './thresholds.js';

/** The worst gap of each hold that went past the limit. */
export function checkCheckInSpacing(entries: readonly TimelineEntry[], th: StandardsThresholds): Violation[] {
  const limit = th.checkInMs + th.checkInSlackMs;
  const out: Violation[] = [];
  let hold: { purpose: string; lastWord: number; worst: { from: number; to: number } | undefined } | undefined;
  const gap = (to: number): void => {
    if (!hold) return;
    const g = to - hold.lastWord;
    if (g > limit && (!hold.worst || g > hold.worst.to - hold.worst.from)) hold.worst = { from: hold.lastWord, to };
  };
  const endHold = (to: number): void => {
    if (!hold) return;
    gap(to);
    const w = hold.worst;
    if (w) {
      out.push({
        rule: 'check-in-spacing',
        measured: w.to - w.from,
        threshold: limit,
        from: w.from,
        at: w.to,
        detail: `${hold.purpose === 'ringing' ? 'while the colleague rang' : 'on hold'}, ${((w.to - w.from) / 1000).toFixed(1)} s without a word from us (check-ins every ${th.checkInMs / 1000} s)`,
      });
    }
    hold = undefined;
  };
  for (const e of entries) {
    if (e.kind === 'hold-started') {
      endHold(e.t);
      hold = { purpose: String(e['purpose'] ?? 'hold'), lastWord: e.t, worst: undefined };
    } else if (hold && e.kind === 'prompt-started') {
      gap(e.t);
      hold.lastWord = Number.POSITIVE_INFINITY;
    } else if (hold && e.kind === 'prompt-finished') {
      hold.lastWord = e.t;
    } else if (e.kind === 'hold-ended' || e.kind === 'hangup') {
      endHold(e.t);
    }
  }
  return out;
}

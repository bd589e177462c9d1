/**
 * Who hung up, and how: a call we ended must have heard the closing words to
 * their end (never cut off mid-request or mid-prompt), and then had the
 * grace period to hang up first (the failed-call grace after a no-sound
 * close or a failed flow). Calls the caller ended pass both rules; legs
 * whose hang-up entry does not say who ended them (dialer legs) are skipped.
 */
import type { TimelineEntry } from '../../call/timeline.js';
import type { Violation } from './rules.js';
import type { StandardsThresholds } from './thresholds.js';

/** Who ended the call, from its hang-up entry ('unknown' when it does not say). */
export function hungUpBy(entries: readonly TimelineEntry[]): 'caller' | 'us' | 'unknown' {
  const by = entries.find((e) => e.kind === 'hangup' && e['by'] !== undefined)?.['by'];
  return by === 'caller' || by === 'us' ? by : 'unknown';
}

/** The hung-up-first and close-grace rules. */
export function checkHangUp(entries: readonly TimelineEntry[], th: StandardsThresholds): Violation[] {
  const hangup = entries.find((e) => e.kind === 'hangup' && e['by'] !== undefined);
  if (!hangup || hangup['by'] !== 'us') return [];
  const before = entries.slice(0, entries.indexOf(hangup));
  const started = before.filter((e) => e.kind === 'prompt-started').length;
  const finished = before.filter((e) => e.kind === 'prompt-finished');
  const lastWord = finished.at(-1);
  const lastPrompt = lastWord ? String(lastWord['prompt']) : undefined;
  if (started > finished.length) {
    return [{ rule: 'hung-up-first', measured: 'hung up while a prompt played', threshold: 'after the closing words', at: hangup.t, detail: 'we hung up while a prompt was still playing' }];
  }
  if (!lastWord || lastWord['status'] !== 'finished' || !th.closingPrompts.has(lastPrompt as string)) {
    const what = lastWord ? `${lastPrompt} (${String(lastWord['status'])})` : 'no prompt';
    return [{ rule: 'hung-up-first', measured: `last word: ${what}`, threshold: 'after the closing words', at: hangup.t, detail: `we hung up without the closing words (the last prompt was ${what})` }];
  }
  const failed = th.failedClosingPrompts.has(lastPrompt as string) || before.some((e) => e.kind === 'error' && e['what'] === 'flow-failed');
  const required = failed ? th.failedCallGraceMs : th.closeGraceMs;
  const waited = hangup.t - lastWord.t;
  if (waited >= required) return [];
  return [
    {
      rule: 'close-grace',
      measured: waited,
      threshold: required,
      from: lastWord.t,
      at: hangup.t,
      detail: `we hung up ${(waited / 1000).toFixed(1)} s after ${lastPrompt}; the caller is given ${required / 1000} s to hang up first`,
    },
  ];
}

/**
 * On a call we placed (the dialer's customer leg), the opening starts within
 * 2 s of the answer and is heard (a prompt that failed to play is silence).
 * A customer who hangs up before the limit passes: nobody could have spoken.
 */
import type { TimelineEntry } from '../../call/timeline.js';
import type { Violation } from './rules.js';
import type { StandardsThresholds } from './thresholds.js';

/** True for the customer's leg of a callback attempt. */
export function isOutboundLeg(entries: readonly TimelineEntry[]): boolean {
  return entries.some((e) => e.kind === 'call-started' && e['leg'] === 'customer');
}

export function checkOutboundOpening(entries: readonly TimelineEntry[], th: StandardsThresholds): Violation[] {
  if (!isOutboundLeg(entries)) return [];
  const i = entries.findIndex((e) => e.kind === 'answered');
  const answered = entries[i];
  if (!answered) return [];
  const rest = entries.slice(i + 1);
  const heard = rest.find((e, j) => {
    if (e.kind !== 'prompt-started') return false;
    const end = rest.slice(j + 1).find((f) => f.kind === 'prompt-finished' && f['prompt'] === e['prompt']);
    return !end || (end['status'] !== 'failed' && end['status'] !== 'watchdog');
  });
  const hangup = rest.find((e) => e.kind === 'hangup');
  const at = heard?.t ?? hangup?.t;
  if (at === undefined) return [];
  const after = at - answered.t;
  if (after <= th.openingMs) return [];
  return [
    {
      rule: 'outbound-opening',
      measured: after,
      threshold: th.openingMs,
      from: answered.t,
      at: answered.t + th.openingMs,
      detail: heard ? `the opening started ${(after / 1000).toFixed(1)} s after the answer` : `the customer heard nothing for ${(after / 1000).toFixed(1)} s after the answer`,
    },
  ];
}

/**
 * Was the customer spoken to within 2 s of the answer (section 9)? Read
 * from the customer leg's timeline: a prompt that started by then and did
 * not fail counts ("a recorded message within 2 s counts as speaking to
 * them"); a prompt that failed to play is silence to the customer.
 */
import type { Timeline } from '../call/timeline.js';

/** The standards' limit for the first words after the answer. */
export const ABANDON_MS = 2_000;

/** True when a prompt started within `withinMs` of `answeredAt` and was heard (not failed). */
export function spokeWithin(timeline: Timeline, answeredAt: number, withinMs: number): boolean {
  const entries = timeline.entries();
  const base = timeline.startedAt;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (!e || e.kind !== 'prompt-started') continue;
    const at = base + e.t;
    if (at < answeredAt) continue;
    if (at > answeredAt + withinMs) return false;
    const end = entries.slice(i + 1).find((f) => f.kind === 'prompt-finished' && f['prompt'] === e['prompt']);
    if (!end || (end['status'] !== 'failed' && end['status'] !== 'watchdog')) return true;
  }
  return false;
}

/**
 * A callback is confirmed only after it was stored: the confirmation prompt
 * must follow a callback-stored entry (added once the store committed) of
 * the same capture, with no store failure in between.
 */
import type { TimelineEntry } from '../../call/timeline.js';
import type { Violation } from './rules.js';
import type { StandardsThresholds } from './thresholds.js';

export function checkCallbackOrder(entries: readonly TimelineEntry[], th: StandardsThresholds): Violation[] {
  const out: Violation[] = [];
  let state: 'none' | 'stored' | 'failed' = 'none';
  for (const e of entries) {
    if (e.kind === 'callback-capture') state = 'none';
    else if (e.kind === 'callback-stored') state = 'stored';
    else if (e.kind === 'callback-store-failed') state = 'failed';
    else if (e.kind === 'prompt-started' && th.callbackConfirmPrompts.has(String(e['prompt'])) && state !== 'stored') {
      out.push({
        rule: 'callback-confirmed-before-stored',
        measured: state === 'failed' ? 'store failed' : 'not stored',
        threshold: 'stored first',
        at: e.t,
        detail: `the caller heard ${String(e['prompt'])} ${state === 'failed' ? 'after the store failed' : 'before the request was stored'}`,
      });
    }
  }
  return out;
}

/**
 * The standards check of one finished call: its timeline held against every
 * timed rule; a pass, or the list of rules it broke (in timeline order).
 */
import type { TimelineEntry } from '../../call/timeline.js';
import { checkCallbackOrder } from './callback-order.js';
import { checkCheckInSpacing } from './check-in-spacing.js';
import { checkDeadAir } from './dead-air.js';
import { checkHangUp } from './hang-up-rules.js';
import { checkOutboundOpening } from './outbound-opening.js';
import type { StandardsVerdict } from './rules.js';
import type { StandardsThresholds } from './thresholds.js';

/** Checks a finished call's timeline (entries sorted by time, as a Timeline keeps them). */
export function checkCall(entries: readonly TimelineEntry[], th: StandardsThresholds): StandardsVerdict {
  const violations = [
    ...checkDeadAir(entries, th),
    ...checkCheckInSpacing(entries, th),
    ...checkHangUp(entries, th),
    ...checkCallbackOrder(entries, th),
    ...checkOutboundOpening(entries, th),
  ].sort((a, b) => a.at - b.at);
  return { pass: violations.length === 0, violations };
}

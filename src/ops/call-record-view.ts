/**
 * A booked call as the call record store keeps it, and back: what /calls
 * serves for a call that is no longer in memory (after a restart, or past
 * the in-memory bound). The stored number is masked (the contract's
 * numberMasked), so a call read back shows the last 4 digits only.
 */
import { maskNumber } from '../log/mask.js';
import type { CallRecord } from '../store/call-records.js';
import type { BookedCall } from './call-book.js';
import { OUTCOMES, stepOf, type Outcome } from './call-facts.js';
import type { RuleId } from './standards-check/rules.js';

/** The record of a finished call. */
export function toCallRecord(c: BookedCall): CallRecord {
  const ended = c.ended;
  if (!ended) throw new Error(`call ${c.id} has not ended`);
  return {
    id: c.id,
    direction: c.direction ?? 'inbound',
    numberMasked: maskNumber(c.callerNumber),
    startedAt: new Date(c.startedAt).toISOString(),
    endedAt: new Date(ended.at).toISOString(),
    outcome: ended.outcome,
    endedBy: ended.endedBy,
    relatedIds: c.timeline.filter((e) => e.kind === 'bridged' && typeof e['agent'] === 'string').map((e) => String(e['agent'])),
    configVersion: c.configVersion,
    timeline: c.timeline,
    ...(c.otherLeg ? { otherLeg: c.otherLeg } : {}),
    ...(ended.standards ? { violations: ended.standards.violations } : {}),
  };
}

/** A stored record as a booked (ended) call, for the same views. */
export function fromCallRecord(r: CallRecord): BookedCall {
  const endedAt = Date.parse(r.endedAt);
  const outcome: Outcome = (OUTCOMES as readonly string[]).includes(r.outcome) ? (r.outcome as Outcome) : 'served';
  return {
    id: r.id,
    callerNumber: r.numberMasked,
    configVersion: r.configVersion,
    startedAt: Date.parse(r.startedAt),
    step: stepOf(r.timeline),
    stepSince: endedAt,
    timeline: r.timeline,
    ...(r.direction === 'callback' ? { direction: 'callback' as const } : {}),
    ...(r.otherLeg ? { otherLeg: r.otherLeg } : {}),
    ended: {
      at: endedAt,
      endedBy: r.endedBy,
      outcome,
      ...(r.violations ? { standards: { pass: r.violations.length === 0, violations: r.violations.map((v) => ({ ...v, rule: v.rule as RuleId })) } } : {}),
    },
  };
}

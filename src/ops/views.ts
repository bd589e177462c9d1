/**
 * How calls and callback requests are shown over HTTP: list views and the
 * live stream carry masked numbers and no timelines; a single record may
 * carry the whole story (ops need the full number to call someone back).
 */
import type { CallbackRequest } from '../store/callback-queue.js';
import type { BookedCall } from './call-book.js';
import { stepSpans, type StepSpan } from './call-facts.js';
import { maskFields, maskNumber } from '../log/mask.js';
import type { TimelineEntry } from '../call/timeline.js';
import type { StandardsVerdict } from './standards-check/rules.js';

/** A call in a list or on the live stream. */
export interface CallListItem {
  id: string;
  from: string;
  startedAt: number;
  step: string;
  stepSince: number;
  live: boolean;
  outcome?: string;
  endedBy?: string;
  endedAt?: number;
  entries: number;
  /** 'callback' for a dialer attempt's customer leg. */
  direction: 'inbound' | 'callback';
  /** The standards check of an ended call: pass, or how many rules it broke. */
  standards?: 'pass' | 'fail';
  violations?: number;
}

/** A call for a list: masked number, no timeline. */
export function callListItem(c: BookedCall): CallListItem {
  return {
    id: c.id,
    from: maskNumber(c.callerNumber),
    startedAt: c.startedAt,
    step: c.step,
    stepSince: c.stepSince,
    live: !c.ended,
    entries: c.timeline.length,
    direction: c.direction ?? 'inbound',
    ...(c.ended ? { outcome: c.ended.outcome, endedBy: c.ended.endedBy, endedAt: c.ended.at } : {}),
    ...(c.ended?.standards ? { standards: c.ended.standards.pass ? ('pass' as const) : ('fail' as const), violations: c.ended.standards.violations.length } : {}),
  };
}

/** A whole call with its timeline; masked on request (the live page asks for it). */
export function callDetail(
  c: BookedCall,
  masked: boolean,
): CallListItem & { configVersion: string; steps: StepSpan[]; timeline: unknown[]; verdict?: StandardsVerdict; otherLeg?: { name: string; timeline: unknown[] } } {
  const mask = (tl: TimelineEntry[]): unknown[] => (masked ? tl.map((e) => maskFields(e)) : tl);
  return {
    ...callListItem(c),
    ...(masked ? {} : { from: c.callerNumber }),
    configVersion: c.configVersion,
    steps: stepSpans(c.timeline),
    timeline: mask(c.timeline),
    ...(c.ended?.standards ? { verdict: c.ended.standards } : {}),
    ...(c.otherLeg ? { otherLeg: { name: c.otherLeg.name, timeline: mask(c.otherLeg.timeline) } } : {}),
  };
}

/** A callback request for a list: numbers masked, whether it has a voice note. */
export function callbackListItem(r: CallbackRequest): Record<string, unknown> {
  const { nameRecording, attempts, lease, ...rest } = r;
  return {
    ...maskFields(rest),
    hasVoiceNote: nameRecording !== undefined && nameRecording !== '',
    attempts: attempts.length,
    ...(lease ? { leaseUntil: lease.until } : {}),
  };
}

/**
 * The dialer's attempts as calls ops can review: the customer's leg of each
 * attempt is booked when the attempt ends (with the colleague's leg kept
 * beside it), so it is standards-checked (the outbound opening within 2 s)
 * and listed like any call. Leg timelines count from the attempt's start.
 */
import type { TimelineEntry } from '../call/timeline.js';
import type { Clock } from '../clock/clock.js';
import type { AttemptReport } from '../dialer/attempt.js';
import type { BookedCall, CallBook } from './call-book.js';
import { outcomeOf, stepOf } from './call-facts.js';

/** Anything emitting the dialer's 'attempt-ended' reports (RunningDialer is one). */
export interface AttemptSource {
  on(event: 'attempt-ended', fn: (r: AttemptReport) => void): unknown;
  off(event: 'attempt-ended', fn: (r: AttemptReport) => void): unknown;
}

const lastT = (tl: readonly TimelineEntry[]): number => tl.reduce((m, e) => Math.max(m, e.t), 0);

/** The booked call for an attempt's customer leg (undefined when the customer was never dialled). */
export function attemptCall(r: AttemptReport, now: number): BookedCall | undefined {
  const tl = r.customer;
  if (tl.length === 0) return undefined;
  const start = now - Math.max(lastT(tl), lastT(r.colleague));
  const number = r.colleague.find((e) => e.kind === 'whisper')?.['number'];
  const endedBy = tl.some((e) => e.kind === 'unbridged' && e['by'] === 'customer') ? 'caller' : 'us';
  return {
    id: `callback-${r.requestId}-${start}`,
    callerNumber: typeof number === 'string' ? number : '',
    configVersion: String(tl.find((e) => e.kind === 'call-started')?.['configVersion'] ?? ''),
    startedAt: start,
    step: stepOf(tl),
    stepSince: now,
    timeline: tl,
    direction: 'callback',
    otherLeg: { name: 'colleague', timeline: r.colleague },
    ended: { at: now, endedBy, outcome: outcomeOf(tl, endedBy) },
  };
}

/** Books every attempt's customer leg; returns the unsubscribe. */
export function bookDialerAttempts(book: CallBook, dialer: AttemptSource, clock: Clock): () => void {
  const onReport = (r: AttemptReport): void => {
    const call = attemptCall(r, clock.now());
    if (call) book.addFinished(call);
  };
  dialer.on('attempt-ended', onReport);
  return () => dialer.off('attempt-ended', onReport);
}

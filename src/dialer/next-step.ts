/**
 * What comes after an attempt: the request is pending again (retry spacing
 * from dialer.retryMinutes, moved into calling hours), or final. Only what
 * happened on the customer's side counts towards maxAttempts: a colleague
 * who was busy says nothing about whether the customer can be reached.
 */
import type { DialerConfig } from '../config/schema.js';
import type { AttemptOutcome, CallbackRequest } from '../store/callback-queue.js';
import { nextCallingTime } from './calling-hours.js';

/** What recordAttempt is told comes next. */
export type NextStep = { status: 'pending'; retryAt: string } | { status: 'completed' | 'failed' | 'cancelled'; reason?: string };

const TARGET_SIDE = new Set<AttemptOutcome>(['target-busy', 'target-no-answer']);

/** Customer-side attempts a request has had so far. */
export function customerAttempts(req: Pick<CallbackRequest, 'attempts'>): number {
  return req.attempts.filter((a) => !TARGET_SIDE.has(a.outcome)).length;
}

/** The next step after an attempt with this outcome. */
export function nextStep(o: { outcome: AttemptOutcome; reason: string; request: CallbackRequest; config: DialerConfig; now: number }): NextStep {
  const { outcome, config, now } = o;
  const iso = (t: number): string => new Date(t).toISOString();
  const inHours = (t: number): number => nextCallingTime(config.callingHours, t) ?? t;
  switch (outcome) {
    case 'completed':
      return { status: 'completed' };
    case 'wrong-person':
      return { status: 'failed', reason: 'wrong person: the callee is not the one who asked for the callback' };
    case 'refused':
      return { status: 'cancelled', reason: 'the callee asked never to be called again' };
    case 'target-busy':
    case 'target-no-answer':
      return { status: 'pending', retryAt: iso(inHours(now + config.targetRetryMinutes * 60_000)) };
    default: {
      const n = customerAttempts(o.request) + 1;
      if (n >= config.maxAttempts) return { status: 'failed', reason: `${outcome} on attempt ${n} of ${config.maxAttempts}: ${o.reason}` };
      const spacing = config.retryMinutes[Math.min(n - 1, config.retryMinutes.length - 1)] ?? 10;
      return { status: 'pending', retryAt: iso(inHours(now + spacing * 60_000)) };
    }
  }
}

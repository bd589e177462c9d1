/**
 * Places the demo calls on the simulator and reports how each went. On a
 * VirtualClock the whole demo (a 2.5-minute hold included) runs in seconds.
 */
import type { Clock } from '../clock/clock.js';
import type { ShiftedClock } from '../clock/shifted-clock.js';
import { VirtualClock } from '../clock/virtual-clock.js';
import type { CallRunner, CallSummary } from '../call/runner.js';
import type { CallbackQueue } from '../store/callback-queue.js';
import type { SimulatedAsterisk } from '../sim/index.js';
import { DEMO_CUSTOMER, DEMO_DESK, DEMO_SCENARIOS, type DemoScenario } from './scenarios.js';
import type { AttemptReport } from '../dialer/attempt.js';
import type { RunningDialer } from '../dialer/start-dialer.js';
import { maskNumber } from '../log/mask.js';
import type { Hours } from '../config/schema.js';
import { mayCall, nextCallingTime } from '../dialer/calling-hours.js';

/** How one demo call went. */
export interface DemoResult {
  scenario: string;
  summary: CallSummary | undefined;
  problem: string | undefined;
}

/** Options for runDemoCalls. */
export interface DemoOptions {
  sim: SimulatedAsterisk;
  runner: CallRunner;
  callbacks: CallbackQueue;
  clock: Clock;
  app: string;
  scenarios?: DemoScenario[];
  /** Gap between placing calls (ms of the clock). */
  staggerMs?: number;
  /** Called as each call ends (e.g. to print its timeline). */
  onCallEnded?: (scenario: DemoScenario, summary: CallSummary) => void;
  /**
   * The date the service and simulator read, and the moment after closing to
   * move it to for the closed-hours calls (placed once the open-hours calls
   * have ended). Without both, closed-hours scenarios are not placed.
   */
  closedPhase?: { calendar: ShiftedClock; at: number };
  /** Called before the closed-hours calls (or the callbacks) start (e.g. to say so on the console). */
  onPhase?: (phase: 'closed' | 'callbacks', at: number) => void;
  /** The dialer that calls back the requests the demo callers left; each attempt's report goes to onAttempt. */
  /**
   * The dialer that calls back the requests the demo callers left; each attempt's report goes to onAttempt.
   * With callingHours and a closedPhase calendar, the pretended date moves to the next calling time
   * first when the closed-hours call left it outside them (else a demo in real time would wait
   * until the morning).
   */
  callbackPhase?: { dialer: RunningDialer; onAttempt?: (r: AttemptReport) => void; callingHours?: Hours };
}

/** How long the callbacks may take on the clock (calling hours may open the next morning). */
const CALLBACK_PHASE_LIMIT_MS = 24 * 3_600_000;

/** Longest a demo call may take on the clock before it counts as stuck. */
const DEMO_CALL_LIMIT_MS = 15 * 60_000;

/** Places every scenario's call and waits for all of them to end. */
export async function runDemoCalls(o: DemoOptions): Promise<DemoResult[]> {
  const scenarios = o.scenarios ?? DEMO_SCENARIOS;
  const summaries = new Map<string, CallSummary>();
  const byCall = new Map<string, DemoScenario>();
  const onEnded = (s: CallSummary): void => {
    summaries.set(s.id, s);
    const sc = byCall.get(s.id);
    if (sc) o.onCallEnded?.(sc, s);
  };
  o.runner.on('call-ended', onEnded);
  const open = scenarios.filter((sc) => (sc.when ?? 'open') === 'open');
  const closed = o.closedPhase ? scenarios.filter((sc) => sc.when === 'closed') : [];
  const ids = new Map<DemoScenario, string>();
  try {
    await placeAndWait(o, open, ids, summaries, byCall);
    if (o.closedPhase && closed.length > 0) {
      // No call is live now, so moving the date cannot bend a timeline.
      o.closedPhase.calendar.shiftTo(o.closedPhase.at);
      o.onPhase?.('closed', o.closedPhase.at);
      await placeAndWait(o, closed, ids, summaries, byCall);
    }
  } finally {
    o.runner.off('call-ended', onEnded);
  }
  const callbacks = await o.callbacks.list();
  const results = [...ids.keys()].map((sc) => {
    const summary = summaries.get(ids.get(sc) ?? '');
    return { scenario: sc.name, summary, problem: summary ? sc.check(summary, callbacks) : 'the call never ended' };
  });
  if (o.callbackPhase) results.push(...(await callBack(o, o.callbackPhase)));
  return results;
}

/**
 * The promise kept: the colleague is free now, each customer who left a
 * number answers and confirms they are the right person, and the dialer
 * calls every pending request back, colleague first.
 */
async function callBack(o: DemoOptions, phase: NonNullable<DemoOptions['callbackPhase']>): Promise<DemoResult[]> {
  const pending = await o.callbacks.list({ status: ['pending'] });
  if (pending.length === 0) return [];
  const calendar = o.closedPhase?.calendar;
  if (calendar && phase.callingHours && !mayCall(phase.callingHours, calendar.now())) {
    // No call is live now, so moving the date cannot bend a timeline.
    const opens = nextCallingTime(phase.callingHours, calendar.now());
    if (opens !== undefined) calendar.shiftTo(opens);
  }
  o.onPhase?.('callbacks', calendar ? calendar.now() : o.clock.now());
  const reports = new Map<string, AttemptReport>();
  const onReport = (r: AttemptReport): void => {
    if (r.outcome === 'stopped') return;
    reports.set(r.requestId, r);
    phase.onAttempt?.(r);
  };
  phase.dialer.on('attempt-ended', onReport);
  for (const req of pending) o.sim.defineCustomer(req.number, DEMO_CUSTOMER);
  o.sim.defineEndpoint(DEMO_DESK, { kind: 'answer', afterMs: 3_000 });
  const allDone = (): boolean => pending.every((r) => reports.has(r.id));
  try {
    if (o.clock instanceof VirtualClock) await o.clock.runUntil(allDone, { maxMs: CALLBACK_PHASE_LIMIT_MS });
    else await new Promise<void>((resolve) => {
      const check = (): void => {
        if (!allDone()) return;
        phase.dialer.off('attempt-ended', check);
        resolve();
      };
      phase.dialer.on('attempt-ended', check);
    });
  } finally {
    phase.dialer.off('attempt-ended', onReport);
  }
  return pending.map((req) => {
    const r = reports.get(req.id);
    const name = `callback to ${maskNumber(req.number)} (${req.reason})`;
    const problem = !r ? 'the dialer never called back' : r.outcome !== 'completed' ? `the callback ended ${r.outcome}: ${r.reason}` : undefined;
    return { scenario: name, summary: undefined, problem };
  });
}

/** Places the scenarios' calls a stagger apart and waits until all of them ended. */
async function placeAndWait(
  o: DemoOptions,
  scenarios: DemoScenario[],
  ids: Map<DemoScenario, string>,
  summaries: Map<string, CallSummary>,
  byCall: Map<string, DemoScenario>,
): Promise<void> {
  const placed: string[] = [];
  for (const [i, sc] of scenarios.entries()) {
    const call = o.sim.placeCall({ app: o.app, from: sc.from, to: '4000', script: sc.script });
    byCall.set(call.id, sc);
    ids.set(sc, call.id);
    placed.push(call.id);
    if (i < scenarios.length - 1) await advance(o.clock, o.staggerMs ?? 1_000);
  }
  const allDone = (): boolean => placed.every((id) => summaries.has(id));
  if (o.clock instanceof VirtualClock) {
    await o.clock.runUntil(allDone, { maxMs: DEMO_CALL_LIMIT_MS });
    return;
  }
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (allDone()) {
        o.runner.off('call-ended', check);
        resolve();
      }
    };
    o.runner.on('call-ended', check);
    check();
  });
}

async function advance(clock: Clock, ms: number): Promise<void> {
  if (clock instanceof VirtualClock) await clock.advance(ms);
  else await new Promise<void>((r) => clock.setTimeout(r, ms));
}

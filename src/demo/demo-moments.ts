/**
 * Which moment the simulator pretends it is. The demo's calls must take the
 * flows they are written for whatever the hour and timezone of the machine
 * (a demo run at night once took the closed-hours flow for every call), so
 * the moments are computed from the flow config's hours, never read from
 * the wall clock:
 * - `npm run demo` starts at a fixed open moment (the first opening of at
 *   least an hour after a fixed reference date) and places its closed-hours
 *   call at the first closing after that;
 * - `npm start` on the simulator keeps the real time when the hotline is
 *   open for the next hour, and otherwise pretends the next such opening,
 *   saying so on the console.
 */
import type { Hours } from '../config/schema.js';
import { describeMoment, findStretch, staysOpen } from '../config/hours-search.js';

/** Monday 2026-11-23 00:00 UTC: a fixed start for the demo's search, so every run pretends the same moments. */
export const DEMO_REFERENCE = Date.UTC(2026, 10, 23, 0, 0, 0);
/** The open-hours calls need this long without a closing (the longest demo call is a few minutes). */
export const OPEN_FOR_MS = 60 * 60_000;
/** The closed-hours call needs this long before the next opening. */
const CLOSED_FOR_MS = 30 * 60_000;

/** The moments a demo run uses. */
export interface DemoMoments {
  /** When the open-hours calls are placed. */
  open: number;
  /** When the closed-hours call is placed; undefined when the hours never close (no closed-hours call then). */
  closed: number | undefined;
}

/** The fixed demo moments for these hours; throws when the hours never open for an hour in two weeks. */
export function demoMoments(hours: Hours | undefined, reference = DEMO_REFERENCE): DemoMoments {
  const open = findStretch(hours, reference, true, OPEN_FOR_MS);
  if (open === undefined) throw new Error('the flow config\'s hours never open for an hour in two weeks: the demo\'s open-hours calls cannot run');
  return { open, closed: findStretch(hours, open + OPEN_FOR_MS, false, CLOSED_FOR_MS) };
}

/** What `npm start` on the simulator pretends, and the console line that says so. */
export interface SimulatorMoment {
  pretend: number;
  /** One line for the console. */
  message: string;
}

/** The moment `npm start` on the simulator runs at, given the real time. */
export function simulatorMoment(hours: Hours | undefined, realNow: number): SimulatorMoment {
  if (staysOpen(hours, realNow, OPEN_FOR_MS)) {
    return { pretend: realNow, message: `it is ${describeMoment(hours, realNow)}: the hotline is open, so the demo calls take the open-hours flows` };
  }
  const pretend = findStretch(hours, realNow, true, OPEN_FOR_MS);
  if (pretend === undefined) {
    return { pretend: realNow, message: `it is ${describeMoment(hours, realNow)} and the flow config's hours never open: every call takes the closed-hours flow` };
  }
  const why = staysOpen(hours, realNow, 0) ? 'the hotline closes within the hour' : 'the hotline is closed now';
  return {
    pretend,
    message: `it is ${describeMoment(hours, realNow)} and ${why} (see hours: in the flow config); the simulator pretends it is ${describeMoment(hours, pretend)} so the demo calls take the open-hours flows`,
  };
}

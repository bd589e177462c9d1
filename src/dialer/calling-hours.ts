/**
 * Calling hours (section 9): customers are called only inside
 * dialer.callingHours, read in the callee's time zone (the hours' own
 * timezone field). Outside them a request is not dialled and waits for the
 * next opening.
 */
import type { Hours } from '../config/schema.js';
import { isOpen } from '../config/hours.js';
import { findStretch } from '../config/hours-search.js';

/** A margin so a call does not start in the last minutes before closing. */
const MIN_OPEN_MS = 5 * 60_000;

/** True when a customer may be called at `at` (no hours configured: always). */
export function mayCall(hours: Hours | undefined, at: number): boolean {
  return isOpen(hours, new Date(at)) && isOpen(hours, new Date(at + MIN_OPEN_MS));
}

/** The next moment calls may be made (undefined if the hours never open in the next two weeks). */
export function nextCallingTime(hours: Hours | undefined, from: number): number | undefined {
  return findStretch(hours, from, true, MIN_OPEN_MS);
}

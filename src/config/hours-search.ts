/**
 * Searching the opening hours for moments: when does the hotline next open
 * (and stay open a while), when is it next closed. The simulator and the
 * demo use these to pretend a moment whose flow is known, so nothing they do
 * depends on the wall clock. Pure functions of (hours, instant).
 */
import type { Hours } from './schema.js';
import { isOpen, localTime } from './hours.js';

const MINUTE = 60_000;
/** How far ahead a search looks: two weeks covers every weekly pattern plus holidays. */
const SEARCH_LIMIT_MS = 15 * 24 * 60 * MINUTE;

/** The first whole minute at or after `from` that begins a run of at least `minMs` in the wanted state; undefined if none within two weeks. */
export function findStretch(hours: Hours | undefined, from: number, open: boolean, minMs: number): number | undefined {
  const start = Math.ceil(from / MINUTE) * MINUTE;
  // Inclusive of both ends, as staysOpen() checks: a run of minMs needs minMs/1 min + 1 samples.
  const needed = Math.ceil(minMs / MINUTE) + 1;
  let runStart: number | undefined;
  let run = 0;
  for (let t = start; t <= start + SEARCH_LIMIT_MS + minMs; t += MINUTE) {
    if (isOpen(hours, new Date(t)) === open) {
      runStart ??= t;
      run++;
      if (run >= needed) return runStart;
    } else {
      runStart = undefined;
      run = 0;
    }
  }
  return undefined;
}

/** True when the hotline is open at `at` and stays open for at least `forMs` after it. */
export function staysOpen(hours: Hours | undefined, at: number, forMs: number): boolean {
  for (let t = at; t <= at + forMs; t += MINUTE) if (!isOpen(hours, new Date(t))) return false;
  return isOpen(hours, new Date(at + forMs));
}

/** "Mon 2026-11-23 08:00 Asia/Shanghai": a moment as the hotline's own zone reads it. */
export function describeMoment(hours: Hours | undefined, at: number): string {
  const zone = hours?.timezone ?? 'UTC';
  const local = localTime(new Date(at), zone);
  const hh = String(Math.floor(local.minutes / 60)).padStart(2, '0');
  const mm = String(local.minutes % 60).padStart(2, '0');
  const day = local.weekday.charAt(0).toUpperCase() + local.weekday.slice(1);
  return `${day} ${local.date} ${hh}:${mm} ${zone}`;
}

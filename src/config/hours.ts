/**
 * Opening hours: is the hotline open at a given instant? Hours are written
 * in the hotline's own time zone (weekly ranges plus whole-day holidays), so
 * the instant is converted to that zone's wall-clock date and time first.
 */
import type { Hours } from './schema.js';

/** Weekday keys as the config writes them, indexed like Date.getDay() (0 = Sunday). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** A weekday key of hours.weekly. */
export type Weekday = (typeof WEEKDAYS)[number];

/** An opening range in minutes after local midnight: start inclusive, end exclusive (1440 = 24:00). */
export interface TimeRange {
  start: number;
  end: number;
}

/** Parses "HH:MM-HH:MM"; undefined if the text is not of that form or names a time past 24:00. */
export function parseTimeRange(text: string): TimeRange | undefined {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [sh, sm, eh, em] = m.slice(1).map(Number) as [number, number, number, number];
  if (sh > 23 || sm > 59 || eh > 24 || em > 59 || (eh === 24 && em !== 0)) return undefined;
  return { start: sh * 60 + sm, end: eh * 60 + em };
}

/** Wall-clock date, weekday and minute of an instant in a time zone. */
export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  date: string;
  weekday: Weekday;
  /** Minutes after local midnight. */
  minutes: number;
}

// Building a DateTimeFormat is costly; the zone set is tiny, so cache per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the IANA zone name (e.g. Asia/Shanghai). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock view of `at` in `timeZone`; throws RangeError for an unknown zone (the config check rejects those). */
export function localTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const weekday = (parts.weekday ?? '').slice(0, 3).toLowerCase() as Weekday;
  // Some ICU versions still print midnight as "24" even with h23.
  const hour = Number(parts.hour) % 24;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday, minutes: hour * 60 + Number(parts.minute) };
}

/** Is the hotline open at `at`? No hours configured means always open; holidays are closed all day. */
export function isOpen(hours: Hours | undefined, at: Date): boolean {
  if (!hours) return true;
  const local = localTime(at, hours.timezone);
  if (hours.holidays.includes(local.date)) return false;
  const ranges = hours.weekly[local.weekday] ?? [];
  return ranges.some((text) => {
    const r = parseTimeRange(text);
    return r !== undefined && local.minutes >= r.start && local.minutes < r.end;
  });
}

/**
 * Checks the opening hours beyond their form: the time zone exists, each
 * range starts before it ends, ranges in a day do not overlap, holidays are
 * real dates. A range cannot cross midnight; it is split over two days.
 */
import type { FindingCollector } from './collector.js';
import { isValidTimeZone, parseTimeRange, WEEKDAYS, type TimeRange } from './hours.js';
import type { HotlineConfig } from './schema.js';

const fmt = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** True for a YYYY-MM-DD that names a day on the calendar (no 2027-02-30). */
export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Adds errors for a bad zone, backwards or overlapping ranges, impossible holidays; warns if never open. */
export function checkHours(config: HotlineConfig, out: FindingCollector): void {
  const hours = config.hours;
  if (!hours) return;
  if (!isValidTimeZone(hours.timezone)) {
    out.error('bad-timezone', ['hours', 'timezone'], `unknown time zone "${hours.timezone}"`, {
      allowed: 'an IANA time zone name, e.g. Asia/Shanghai, Europe/London, America/New_York',
    });
  }

  let anyOpen = false;
  for (const day of WEEKDAYS) {
    const ranges = hours.weekly[day];
    if (!ranges) continue;
    const seen: { range: TimeRange; index: number }[] = [];
    ranges.forEach((text, index) => {
      const path = ['hours', 'weekly', day, index];
      const range = parseTimeRange(text);
      if (!range) {
        out.error('bad-time-range', path, `"${text}" is not a time of day`, { allowed: 'HH:MM-HH:MM with times from 00:00 to 24:00, e.g. 18:00-24:00' });
        return;
      }
      if (range.start >= range.end) {
        out.error('bad-time-range', path, `"${text}" does not start before it ends`, {
          allowed: `start before end on the same day; for hours past midnight split it, e.g. ${fmt(range.start)}-24:00 on ${day} and 00:00-${fmt(range.end)} on the next day`,
        });
        return;
      }
      const clash = seen.find((s) => range.start < s.range.end && s.range.start < range.end);
      if (clash) {
        out.error('overlapping-ranges', path, `"${text}" overlaps "${ranges[clash.index]}" (${day}[${clash.index}])`, {
          allowed: 'ranges in a day that do not overlap (touching is fine: 09:00-12:00, 12:00-18:00)',
        });
      }
      seen.push({ range, index });
      anyOpen = true;
    });
  }
  if (!anyOpen) {
    out.warning('never-open', ['hours', 'weekly'], 'no opening range on any day: every call gets the closed-hours flow', {
      allowed: 'at least one range, e.g. mon: ["09:00-18:00"] (or remove hours to be always open)',
    });
  }

  const holidays = new Map<string, number>();
  hours.holidays.forEach((day, index) => {
    const path = ['hours', 'holidays', index];
    if (!isRealDate(day)) {
      out.error('bad-holiday', path, `"${day}" is not a real date`, { allowed: 'a calendar date YYYY-MM-DD, e.g. 2027-01-01' });
    } else if (holidays.has(day)) {
      out.warning('duplicate-holiday', path, `"${day}" is listed twice (also holidays[${holidays.get(day)}])`, { allowed: 'each date once' });
    } else {
      holidays.set(day, index);
    }
  });
}

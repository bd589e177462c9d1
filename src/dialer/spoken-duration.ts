/**
 * How long a customer has waited, as the colleague hears it in the whisper:
 * a natural duration, not raw minutes ("1 day 1 hour", never "1,500
 * minutes"). Under an hour: minutes; under a day: hours and minutes; then
 * days and hours (the minutes no longer matter to someone about to call).
 *
 * Numbers are spoken as words built from prompts that work the same way in
 * both languages, because one list of prompt ids is played from whichever
 * language folder the call uses: 1-9 are the digit prompts (but 2 on its
 * own is count-2, Mandarin "两" as a quantity, "二" inside a number), 10-19
 * one prompt each (en "fifteen" / zh "十五"), 20-50 one prompt per ten
 * followed by the unit digit (en "twenty" + "one" / zh "二十" + "一").
 * Singular and plural units are separate prompts (English needs both;
 * Mandarin says the same word). The last unit ends the sentence: minutes
 * end with whisper-minutes (the config's, "minutes." with its pause); an
 * hour or day unit at the end is followed by the pause prompt.
 */
import { digitPrompt, DURATION_PROMPTS } from '../config/system-prompts.js';
import { readBackPrompts } from '../flows/read-back.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Every prompt id spokenDuration can return besides the digits, pause and the config's minutes prompt (the catalog and the config check must have them). */
export { DURATION_PROMPTS };

/** Prompt ids that say the number n (1-59 as words, enough for minutes and hours; a larger one, only days, digit by digit). */
export function spokenCount(n: number): string[] {
  const d = (k: number): string => digitPrompt(String(k)) ?? 'digit-0';
  if (!Number.isInteger(n) || n < 1 || n > 59) return readBackPrompts(String(Math.max(0, Math.floor(n))), [99]);
  if (n === 2) return ['count-2'];
  if (n < 10) return [d(n)];
  if (n < 20) return [`count-${n}`];
  const tens = Math.floor(n / 10) * 10;
  return n % 10 === 0 ? [`count-${tens}`] : [`count-${tens}`, d(n % 10)];
}

/** Prompt ids for a wait of `ms`; `minutesPrompts` is the config's plural "minutes." (whisperMinutes). */
export function spokenDuration(ms: number, minutesPrompts: readonly string[]): string[] {
  // Under a minute still reads "1 minute": the request exists, the wait is not nothing.
  const minutes = Math.max(1, Math.floor(Math.max(0, ms) / MINUTE));
  const unit = (n: number, one: string, many: readonly string[]): string[] => [...spokenCount(n), ...(n === 1 ? [one] : many)];
  if (minutes < 60) return unit(minutes, 'duration-minute', minutesPrompts);
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    const hours = unit(h, 'duration-hour', ['duration-hours']);
    return m === 0 ? [...hours, 'pause'] : [...hours, ...unit(m, 'duration-minute', minutesPrompts)];
  }
  const days = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  const spokenDays = unit(days, 'duration-day', ['duration-days']);
  return h === 0 ? [...spokenDays, 'pause'] : [...spokenDays, ...unit(h, 'duration-hour', ['duration-hours']), 'pause'];
}

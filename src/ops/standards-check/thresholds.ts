/**
 * The limits the standards check uses, read from the flow config: the same
 * numbers the flows wait by, so the check never holds a call to a rule the
 * flows were not configured to keep.
 */
import type { HotlineConfig } from '../../config/schema.js';
import { ABANDON_MS } from '../../dialer/abandon-check.js';
import { SILENT_GAP_SLACK_MS } from '../call-facts.js';

/** Limits in milliseconds, and the prompt ids that close a call. */
export interface StandardsThresholds {
  /** Longest quiet stretch while the caller waits on us: the flows' own patience with a silent caller (timings.silenceSeconds). */
  deadAirMs: number;
  /** Longest stretch on hold or ringing without a word (timings.checkInSeconds). */
  checkInMs: number;
  /** Wire slack on top of checkInMs: a check-in due at 30 s starts once the music-off request returns. */
  checkInSlackMs: number;
  /** Grace after the goodbye (timings.closeGraceSeconds). */
  closeGraceMs: number;
  /** Grace after a failed call's close (timings.failedCallGraceSeconds). */
  failedCallGraceMs: number;
  /** First words after an outbound answer (the dialer's own abandon limit). */
  openingMs: number;
  /** Last prompt of each closing (goodbye, no-sound close, the dialer's closes). */
  closingPrompts: ReadonlySet<string>;
  /** Closings after which the failed-call grace applies. */
  failedClosingPrompts: ReadonlySet<string>;
  /** First prompt of the callback confirmation ("your request is recorded"). */
  callbackConfirmPrompts: ReadonlySet<string>;
}

const last = (list: readonly string[] | undefined): string[] => (list && list.length ? [list[list.length - 1] as string] : []);
const first = (list: readonly string[] | undefined): string[] => (list && list.length ? [list[0] as string] : []);

/** The thresholds for calls run with this config. */
export function standardsThresholds(config: HotlineConfig): StandardsThresholds {
  const t = config.timings;
  const d = config.dialer?.prompts;
  const failed = [...last(config.prompts.noSoundClose), ...last(d?.noSoundClose)];
  return {
    deadAirMs: t.silenceSeconds * 1000,
    checkInMs: t.checkInSeconds * 1000,
    checkInSlackMs: SILENT_GAP_SLACK_MS,
    closeGraceMs: t.closeGraceSeconds * 1000,
    failedCallGraceMs: t.failedCallGraceSeconds * 1000,
    openingMs: ABANDON_MS,
    closingPrompts: new Set([
      ...last(config.prompts.goodbye),
      ...failed,
      ...last(d?.callLater),
      ...last(d?.colleagueGone),
      ...last(d?.wrongPerson),
      ...last(d?.neverAgain),
    ]),
    failedClosingPrompts: new Set(failed),
    callbackConfirmPrompts: new Set(first(config.prompts.callbackStored)),
  };
}

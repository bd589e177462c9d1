/**
 * Whose turn it is on a call, read from its timeline: after a question (or
 * while a voice note records) the caller has the turn, and a stretch without
 * a word from us is the caller thinking, typing or talking, not the caller
 * waiting on us. Both silence measures (the dead-air rule of the standards
 * check, and the "left more than 30 s without a word" KPI) share this, so
 * they never disagree on what counts as the caller's own time.
 */
import type { TimelineEntry } from '../call/timeline.js';

/** Entries that hand the turn to the caller. */
const TURN_STARTS = new Set(['asked', 'recording-started']);
/**
 * Entries that end the caller's turn: from here on the caller waits on us
 * again. `heard` is not among them when it is speech: that is the caller
 * starting to talk, and the turn ends with the `reply` once they finish
 * (the ask primitive waits up to 15 s for that). `heard` after a no-sound
 * close does end it: we answer them at once.
 */
const TURN_ENDS = new Set(['reply', 'silence', 'not-understood', 'menu-choice', 'busy-choice', 'recorded', 'no-sound-close']);

/** 'starts' or 'ends' when the entry changes whose turn it is, undefined when it does not. */
export function callerTurnChange(e: TimelineEntry): 'starts' | 'ends' | undefined {
  if (TURN_STARTS.has(e.kind)) return 'starts';
  if (TURN_ENDS.has(e.kind)) return 'ends';
  if (e.kind === 'heard' && e['via'] !== 'speech') return 'ends';
  return undefined;
}

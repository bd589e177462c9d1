/**
 * What ops reads off a timeline: the step a live call is in, how a call
 * ended (its outcome), and the longest stretch a caller went without a word
 * from us. Every value here comes from a fixed list, so metrics labelled
 * with them stay bounded whatever the flow config or the callers do.
 */
import type { TimelineEntry } from '../call/timeline.js';
import { callerTurnChange } from './caller-turn.js';

/** Where a live call is. */
export const STEPS = ['answering', 'greeting', 'menu', 'identity', 'hold', 'transfer', 'connected', 'callback', 'closed-hours', 'closing'] as const;
export type Step = (typeof STEPS)[number];

/** How a call ended. */
export const OUTCOMES = ['transferred', 'callback', 'no-sound', 'abandoned', 'served', 'failed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** The step a question puts the caller in (question names are the flows' own, see ask()). */
function stepOfQuestion(q: string): Step | undefined {
  if (q === 'menu') return 'menu';
  if (q === 'closed') return 'closed-hours';
  if (q.startsWith('hold-')) return 'hold';
  if (q.startsWith('callback-')) return 'callback';
  if (q.startsWith('identity')) return 'identity';
  if (q === 'busy-choice') return 'transfer';
  if (q === 'anything-else') return 'closing';
  return undefined;
}

/** The step after this entry; entries that say nothing about the step keep the current one. */
export function nextStep(current: Step, e: TimelineEntry): Step {
  switch (e.kind) {
    case 'call-started':
      return 'answering';
    case 'answered':
      return 'greeting';
    case 'asked':
      return stepOfQuestion(String(e['question'] ?? '')) ?? current;
    case 'hold-started':
      return e['purpose'] === 'ringing' ? 'transfer' : 'hold';
    case 'dial-started':
      return 'transfer';
    case 'bridged':
      return 'connected';
    case 'callback-capture':
      return 'callback';
    case 'unbridged':
    case 'no-sound-close':
    case 'hangup':
      return 'closing';
    default:
      return current;
  }
}

/** The step a call is in after all these entries. */
export function stepOf(entries: readonly TimelineEntry[]): Step {
  return entries.reduce<Step>(nextStep, 'answering');
}

const has = (entries: readonly TimelineEntry[], kind: string): boolean => entries.some((e) => e.kind === kind);

/**
 * How a finished call ended. Abandoned: the caller hung up while still
 * waiting for us (before the answer, on hold, while a colleague rang, or in
 * the menu before choosing anything); served: any other ending.
 */
export function outcomeOf(entries: readonly TimelineEntry[], endedBy: 'caller' | 'us'): Outcome {
  if (entries.some((e) => e.kind === 'error' && e['what'] === 'flow-failed')) return 'failed';
  if (has(entries, 'bridged')) return 'transferred';
  if (has(entries, 'callback-stored')) return 'callback';
  if (has(entries, 'no-sound-close')) return 'no-sound';
  if (endedBy === 'caller') {
    const before = entries.filter((e) => e.kind !== 'hangup');
    const waiting = stepOf(before);
    const onHold = entries.filter((e) => e.kind === 'hold-started').length > entries.filter((e) => e.kind === 'hold-ended').length;
    const chose = has(entries, 'menu-choice') || has(entries, 'reply');
    if (!has(entries, 'answered') || onHold || waiting === 'transfer' || !chose) return 'abandoned';
  }
  return 'served';
}

/** A caller left longer than this without a word from us breaks the standards' 30-second rule (§4, §8). */
export const SILENT_GAP_MS = 30_000;
/**
 * Slack for the wire: a hold check-in is due exactly 30 s into the hold and
 * its prompt starts after the music-off request returns.
 */
export const SILENT_GAP_SLACK_MS = 1_000;

/**
 * The longest span, in ms, in which a caller waiting on us heard no word of
 * ours: no prompt of ours was playing, the caller was not talking to a
 * colleague (bridged), and it was not the caller's turn (after a question,
 * while they talk or record; see caller-turn.ts). Music on hold is not a
 * word: the standards want a spoken check-in every 30 s.
 */
export function longestSilenceMs(entries: readonly TimelineEntry[]): number {
  let longest = 0;
  let playing = 0;
  let bridged = false;
  let callersTurn = false;
  let quietSince: number | undefined = 0;
  const quiet = (): boolean => playing === 0 && !bridged && !callersTurn;
  for (const e of entries) {
    if (e.kind === 'prompt-started') playing++;
    else if (e.kind === 'prompt-finished') playing = Math.max(0, playing - 1);
    else if (e.kind === 'bridged') bridged = true;
    else if (e.kind === 'unbridged') bridged = false;
    else {
      const turn = callerTurnChange(e);
      if (turn) callersTurn = turn === 'starts';
    }
    const ended = e.kind === 'hangup';
    if (quietSince !== undefined && (ended || !quiet())) {
      longest = Math.max(longest, e.t - quietSince);
      quietSince = undefined;
    }
    if (ended) break;
    if (quietSince === undefined && quiet()) quietSince = e.t;
  }
  return longest;
}

/** True when the call left its caller without a word past the 30-second rule. */
export function leftWithoutWord(entries: readonly TimelineEntry[]): boolean {
  return longestSilenceMs(entries) > SILENT_GAP_MS + SILENT_GAP_SLACK_MS;
}

/** Milliseconds from the start of the call to the answer, if it was answered. */
export function answerMs(entries: readonly TimelineEntry[]): number | undefined {
  return entries.find((e) => e.kind === 'answered')?.t;
}

/** A stretch of a call spent in one step (ms since the call began; `to` open while live). */
export interface StepSpan {
  step: Step;
  from: number;
  to?: number;
}

/** The steps a call went through, for drawing its timeline as a strip. */
export function stepSpans(entries: readonly TimelineEntry[]): StepSpan[] {
  const spans: StepSpan[] = [];
  let step: Step | undefined;
  for (const e of entries) {
    const next = nextStep(step ?? 'answering', e);
    if (next !== step) {
      const last = spans.at(-1);
      if (last) last.to = e.t;
      spans.push({ step: next, from: e.t });
      step = next;
    }
    if (e.kind === 'hangup') {
      const last = spans.at(-1);
      if (last) last.to = e.t;
    }
  }
  return spans;
}

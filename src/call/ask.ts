/**
 * ask: one question to the caller and its answer. Every place the flows wait
 * for the caller goes through here, so the rules of the call standards hold
 * at every question, not only after the greeting (the shape of
 * CyCoreSystems/ari's play.Prompt: prompts, a match function, replays and
 * digit timeouts, with named defaults):
 *
 * - Type-ahead: keys pressed while the question plays interrupt it and count
 *   toward the answer. Keys pressed before it (or during the preamble, such
 *   as the reason before a hold question) are dropped: they answer nothing.
 * - Silence (section 2): the question is asked again `silenceReplays` times
 *   (default once), then the no-sound close and the failed-call grace. A
 *   caller heard during that close (a key or speech) is served again.
 * - A wrong answer (section 3): an apology heard whole, then the question
 *   again, up to `attempts` answers; the last miss also gets its apology
 *   before the caller code routes on (`exhausted`). The first repeat after a
 *   miss is played whole too, so a caller pressing keys without end still
 *   hears the question once.
 * - Speech without a key: we let the caller finish (never talk over them);
 *   a key pressed meanwhile is the answer, otherwise speech is an answer
 *   only where the question says so (`speech: 'answer'`).
 */
import type { CallContext } from './context.js';
import { isOver, ms } from './context.js';
import { say } from './say.js';
import { hangUpNow } from './hangup.js';

/** Longest we let a caller speak before we answer them (never talk over them, never wait forever). */
export const MAX_SPEECH_WAIT_MS = 15_000;

/** How a typed answer fits the question. */
export type Fit = 'ok' | 'invalid';

/** Options for ask. Defaults come from the call's flow config (timings, retries, prompts). */
export interface AskOptions {
  /** Name for the timeline: 'menu', 'callback-number', 'hold-permission', ... */
  name: string;
  /** Said first, not part of the question: keys pressed during it are dropped. */
  preamble?: readonly string[];
  /** The question. A key pressed while it plays interrupts it and counts. */
  question: readonly string[];
  /** The question when asked again (after a miss or silence); default: `question`. */
  again?: readonly string[];
  /** Said to a silent caller before waiting again; default: `again`. */
  silenceReplay?: readonly string[];
  /** Apology before asking again after a wrong answer; default: prompts.notUnderstood. */
  apology?: readonly string[];
  /** 1 (default) for a single key; more for a number ended by `finishKey` or the inter-digit timeout. */
  maxDigits?: number;
  /** Ends a number (not part of it); default '#'. */
  finishKey?: string;
  /** Keys that, pressed first, are a whole answer at once (e.g. star to decline a number question). */
  aloneKeys?: readonly string[];
  /** Whether what was typed answers the question. */
  fit(digits: string): Fit;
  /** Wait for the first key once the question has played; default timings.silenceSeconds. */
  replyMs?: number;
  /** Wait between keys of a number; default timings.interDigitSeconds. */
  interDigitMs?: number;
  /** Times a silent caller hears the question again; default 1 (section 2). */
  silenceReplays?: number;
  /** Answers that do not fit before `exhausted`; default retries.menu. */
  attempts?: number;
  /** After the silence replays: the no-sound close (default), or return `silent` to the caller code. */
  onSilence?: 'no-sound-close' | 'return';
  /** Speech with no key: a wrong answer (default), or an answer in itself. */
  speech?: 'invalid' | 'answer';
}

/** What ask came back with. */
export type Answer =
  | { kind: 'answer'; digits: string }
  /** The caller spoke (only with speech: 'answer'). */
  | { kind: 'speech' }
  /** Every attempt was a wrong answer; the last apology has been said. */
  | { kind: 'exhausted'; digits: string }
  /** Silent through the replays (only with onSilence: 'return'). */
  | { kind: 'silent' }
  /** The caller left, or we closed the call (no-sound close). */
  | { kind: 'gone' };

type Reply = { kind: 'digits'; digits: string } | { kind: 'speech'; key?: string } | { kind: 'silence' } | { kind: 'gone' };

/** Asks the question until it is answered, the attempts run out, or the caller is gone. */
export async function ask(ctx: CallContext, o: AskOptions): Promise<Answer> {
  const t = ctx.config.timings;
  const maxDigits = o.maxDigits ?? 1;
  const replyMs = o.replyMs ?? ms(t.silenceSeconds);
  const interDigitMs = o.interDigitMs ?? ms(t.interDigitSeconds);
  const silenceReplays = o.silenceReplays ?? 1;
  const attempts = o.attempts ?? ctx.config.retries.menu;
  const apology = o.apology ?? ctx.config.prompts.notUnderstood;
  const again = o.again ?? o.question;

  if (o.preamble?.length) {
    const r = await say(ctx, o.preamble);
    if (r.kind === 'gone') return { kind: 'gone' };
  }
  // Keys from before the question answer nothing.
  ctx.input.clearKeys();
  let prompts: readonly string[] = o.question;
  let whole = false;
  let silences = 0;
  let misses = 0;
  for (;;) {
    ctx.timeline.add('asked', { question: o.name, ...(misses ? { misses } : {}), ...(silences ? { silences } : {}) });
    const played = await say(ctx, prompts, { interruptible: !whole });
    if (played.kind === 'gone') return { kind: 'gone' };
    whole = false;
    const reply = await readReply(ctx, { maxDigits, finishKey: o.finishKey ?? '#', replyMs, interDigitMs, aloneKeys: o.aloneKeys ?? [] });
    if (reply.kind === 'gone') return { kind: 'gone' };
    if (reply.kind === 'silence') {
      silences++;
      if (silences <= silenceReplays) {
        prompts = o.silenceReplay ?? again;
        continue;
      }
      if (o.onSilence === 'return') return { kind: 'silent' };
      const served = await noSoundClose(ctx);
      if (served === 'gone') return { kind: 'gone' };
      // Heard during the close: serve them again, from the question.
      silences = 0;
      prompts = again;
      continue;
    }
    silences = 0;
    if (reply.kind === 'speech' && reply.key === undefined && o.speech === 'answer') {
      ctx.timeline.add('reply', { question: o.name, via: 'speech' });
      return { kind: 'speech' };
    }
    const digits = reply.kind === 'digits' ? reply.digits : (reply.key ?? '');
    if (reply.kind === 'digits' || reply.key !== undefined) {
      if (o.fit(digits) === 'ok') {
        ctx.timeline.add('reply', { question: o.name, digits });
        return { kind: 'answer', digits };
      }
    }
    misses++;
    ctx.timeline.add('not-understood', { question: o.name, ...(reply.kind === 'speech' && reply.key === undefined ? { via: 'speech' } : { digits }), attempt: misses });
    // The apology is always heard whole; keys pressed over it answer nothing.
    const sorry = await say(ctx, reply.kind === 'speech' && reply.key === undefined ? ctx.config.prompts.notUnderstood : apology);
    if (sorry.kind === 'gone') return { kind: 'gone' };
    ctx.input.clearKeys();
    if (misses >= attempts) return { kind: 'exhausted', digits };
    prompts = again;
    whole = misses === 1;
  }
}

/** Waits for the answer after the question: a key or number, speech, or silence. */
async function readReply(
  ctx: CallContext,
  o: { maxDigits: number; finishKey: string; replyMs: number; interDigitMs: number; aloneKeys: readonly string[] },
): Promise<Reply> {
  let digits = '';
  let deadline = ctx.clock.now() + o.replyMs;
  for (;;) {
    if (isOver(ctx)) return { kind: 'gone' };
    const key = ctx.input.takeKey();
    if (key !== undefined) {
      if (o.maxDigits > 1 && key === o.finishKey) return { kind: 'digits', digits };
      if (digits.length === 0 && o.aloneKeys.includes(key)) return { kind: 'digits', digits: key };
      digits += key;
      if (digits.length >= o.maxDigits) return { kind: 'digits', digits };
      deadline = ctx.clock.now() + o.interDigitMs;
      continue;
    }
    if (digits.length === 0 && ctx.input.hasFreshSpeech()) {
      ctx.input.markSpeechAnswered();
      ctx.timeline.add('heard', { via: 'speech' });
      const k = await waitForSpeechEnd(ctx, MAX_SPEECH_WAIT_MS);
      if (k === 'gone') return { kind: 'gone' };
      if (k === undefined) return { kind: 'speech' };
      if (o.maxDigits === 1) return { kind: 'speech', key: k };
      // A number started while they were talking: go on reading it.
      if (k === o.finishKey) return { kind: 'digits', digits };
      digits = k;
      deadline = ctx.clock.now() + o.interDigitMs;
      continue;
    }
    const left = deadline - ctx.clock.now();
    if (left <= 0) {
      if (digits.length > 0) return { kind: 'digits', digits };
      ctx.timeline.add('silence', { waitedMs: o.replyMs });
      return { kind: 'silence' };
    }
    const r = await ctx.input.waitForChange(left, ctx.signal);
    if (r === 'aborted') return { kind: 'gone' };
  }
}

/**
 * After speech was heard: waits for the caller to finish (or press a key),
 * at most maxMs, so we never talk over them. Returns a key if one came.
 */
export async function waitForSpeechEnd(ctx: CallContext, maxMs: number): Promise<string | 'gone' | undefined> {
  const deadline = ctx.clock.now() + maxMs;
  while (ctx.input.isTalking() && !ctx.input.hasKey()) {
    const left = deadline - ctx.clock.now();
    if (left <= 0) break;
    const r = await ctx.input.waitForChange(left, ctx.signal);
    if (r === 'aborted') return 'gone';
  }
  if (isOver(ctx)) return 'gone';
  return ctx.input.takeKey();
}

/**
 * The silent-line close (section 2): we cannot hear the caller; say so,
 * suggest another phone, goodbye, then the failed-call grace before we hang
 * up. A key or speech during the close or the grace means they can be heard
 * after all: 'served' (the question is asked again), else 'gone'.
 */
export async function noSoundClose(ctx: CallContext): Promise<'served' | 'gone'> {
  ctx.timeline.add('no-sound-close', {});
  const spokeBefore = ctx.input.speechCount();
  const spoke = (): boolean => ctx.input.speechCount() !== spokeBefore;
  const r = await say(ctx, ctx.config.prompts.noSoundClose, { interruptible: true });
  if (r.kind === 'gone') return 'gone';
  if (r.kind === 'interrupted' || spoke()) return heardAfterAll(ctx);
  const graceMs = ms(ctx.config.timings.failedCallGraceSeconds);
  const deadline = ctx.clock.now() + graceMs;
  for (;;) {
    if (isOver(ctx)) return 'gone';
    if (ctx.input.hasKey() || spoke()) return heardAfterAll(ctx);
    const left = deadline - ctx.clock.now();
    if (left <= 0) break;
    const w = await ctx.input.waitForChange(left, ctx.signal);
    if (w === 'aborted') return 'gone';
  }
  await hangUpNow(ctx);
  return 'gone';
}

function heardAfterAll(ctx: CallContext): 'served' {
  ctx.input.markSpeechAnswered();
  ctx.input.clearKeys();
  ctx.timeline.add('heard', { via: 'after-no-sound-close' });
  return 'served';
}

/**
 * The customer's side of a callback, from the answer to a verdict: the
 * opening (who is calling and why, started at once: section 9 counts a call
 * where nobody speaks within 2 s as abandoned), the right-person check ("am
 * I speaking with the holder of 138...?", the first three digits only), and
 * for a silent line the outbound variant of section 2: "hello, can you hear
 * me?", about 3 s later "your call is connected, can you hear me?", then
 * the close. Everything is asked through ask(), so type-ahead, apologies for
 * a wrong key and replays behave as on inbound calls.
 */
import { ask, type Answer } from '../call/ask.js';
import { ms, type CallContext } from '../call/context.js';
import { say } from '../call/say.js';
import { letCallerHangUpFirst } from '../call/hangup.js';
import type { DialerConfig } from '../config/schema.js';
import { readBackPrompts } from '../flows/read-back.js';

/** What the customer told us. */
export type Verdict =
  | { kind: 'confirmed' }
  | { kind: 'wrong-person' }
  | { kind: 'never-again' }
  /** Nothing heard through the outbound silent-line variant; the close has been said. */
  | { kind: 'silent' }
  /** Only keys that answer nothing, through every try. */
  | { kind: 'not-confirmed' }
  /** The customer hung up, or the attempt was called off. */
  | { kind: 'gone' };

/** Plays the opening and asks until the customer is confirmed, declines, or cannot be heard. */
export async function checkRightPerson(ctx: CallContext, d: DialerConfig, number: string): Promise<Verdict> {
  const p = d.prompts;
  const keys = [d.keys.confirm, d.keys.wrongPerson, d.keys.neverAgain];
  const fit = (digits: string): 'ok' | 'invalid' => (keys.includes(digits) ? 'ok' : 'invalid');
  const question = [...p.holder, ...readBackPrompts(number.slice(0, 3), [3]), ...p.holderKeys];
  let preamble: readonly string[] = p.opening;
  // One more round of the question after a silent line turned out to hear us.
  for (let round = 0; round < 2; round++) {
    const a = await ask(ctx, { name: 'right-person', preamble, question, fit, onSilence: 'return', silenceReplays: 0 });
    preamble = [];
    const v = verdictOf(a, d);
    if (v) return v;
    // Silent after the question: the outbound silent-line variant.
    const s = await ask(ctx, {
      name: 'outbound-silent-line',
      question: p.hello,
      silenceReplay: p.connected,
      replyMs: ms(d.silentReplySeconds),
      silenceReplays: 1,
      onSilence: 'return',
      speech: 'answer',
      fit,
    });
    if (s.kind === 'speech') continue;
    const sv = verdictOf(s, d);
    if (sv) return sv;
    return close(ctx, p.noSoundClose);
  }
  return close(ctx, p.noSoundClose);
}

/** The verdict an answer gives, or undefined when the customer was silent. */
function verdictOf(a: Answer, d: DialerConfig): Verdict | undefined {
  switch (a.kind) {
    case 'answer':
      if (a.digits === d.keys.confirm) return { kind: 'confirmed' };
      if (a.digits === d.keys.wrongPerson) return { kind: 'wrong-person' };
      return { kind: 'never-again' };
    case 'exhausted':
      return { kind: 'not-confirmed' };
    case 'gone':
      return { kind: 'gone' };
    case 'speech':
    case 'silent':
      return undefined;
  }
}

/** The silent line's close: the close prompt, then the failed-call grace before we hang up (section 2). */
async function close(ctx: CallContext, prompts: readonly string[]): Promise<Verdict> {
  ctx.timeline.add('no-sound-close', { outbound: true });
  const r = await say(ctx, prompts);
  if (r.kind === 'gone') return { kind: 'gone' };
  await letCallerHangUpFirst(ctx, ms(ctx.config.timings.failedCallGraceSeconds));
  return { kind: 'silent' };
}

/** Says goodbye words and lets the customer hang up first (the close grace), then hangs up. */
export async function sayAndClose(ctx: CallContext, prompts: readonly string[], graceSeconds: number): Promise<void> {
  const r = await say(ctx, prompts);
  if (r.kind === 'gone') return;
  await letCallerHangUpFirst(ctx, ms(graceSeconds));
}

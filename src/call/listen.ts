/**
 * listen: waits up to N ms for the caller. A key (buffered or new) or speech
 * (TALK_DETECT) counts as heard; otherwise it is silence.
 */
import type { CallContext } from './context.js';
import { isOver } from './context.js';

/** What listen heard. */
export type Heard = { kind: 'key'; key: string } | { kind: 'speech' } | { kind: 'silence' } | { kind: 'gone' };

/** Waits up to timeoutMs for a key or speech. */
export async function listen(ctx: CallContext, timeoutMs: number): Promise<Heard> {
  const deadline = ctx.clock.now() + timeoutMs;
  for (;;) {
    if (isOver(ctx)) return { kind: 'gone' };
    const key = ctx.input.takeKey();
    if (key !== undefined) {
      ctx.timeline.add('heard', { via: 'key', key });
      return { kind: 'key', key };
    }
    if (ctx.input.hasFreshSpeech()) {
      ctx.input.markSpeechAnswered();
      ctx.timeline.add('heard', { via: 'speech' });
      return { kind: 'speech' };
    }
    const left = deadline - ctx.clock.now();
    if (left <= 0) {
      ctx.timeline.add('silence', { waitedMs: timeoutMs });
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

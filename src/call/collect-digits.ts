/**
 * collectDigits: a small digit collector. Reads buffered keys first (the
 * caller may type ahead during the prompt), ends at the finish key, at max
 * digits, or when the first-digit / inter-digit timeout passes.
 */
import type { CallContext } from './context.js';
import { isOver } from './context.js';

/** Options for collectDigits. */
export interface CollectOptions {
  maxDigits: number;
  /** Key that ends entry (not included in the digits). Default '#'. */
  finishKey?: string;
  firstDigitMs: number;
  interDigitMs: number;
}

/** Result: what was typed and how entry ended. */
export type Collected =
  | { kind: 'digits'; digits: string; endedBy: 'finish-key' | 'max' | 'timeout' }
  | { kind: 'timeout' }
  | { kind: 'gone' };

/** Collects up to maxDigits keys. */
export async function collectDigits(ctx: CallContext, o: CollectOptions): Promise<Collected> {
  const finishKey = o.finishKey ?? '#';
  let digits = '';
  let deadline = ctx.clock.now() + o.firstDigitMs;
  for (;;) {
    if (isOver(ctx)) return { kind: 'gone' };
    const key = ctx.input.takeKey();
    if (key !== undefined) {
      if (key === finishKey) {
        ctx.timeline.add('digits', { digits, endedBy: 'finish-key' });
        return { kind: 'digits', digits, endedBy: 'finish-key' };
      }
      digits += key;
      if (digits.length >= o.maxDigits) {
        ctx.timeline.add('digits', { digits, endedBy: 'max' });
        return { kind: 'digits', digits, endedBy: 'max' };
      }
      deadline = ctx.clock.now() + o.interDigitMs;
      continue;
    }
    const left = deadline - ctx.clock.now();
    if (left <= 0) {
      if (digits.length === 0) {
        ctx.timeline.add('silence', { waitedMs: o.firstDigitMs, waitingFor: 'digits' });
        return { kind: 'timeout' };
      }
      ctx.timeline.add('digits', { digits, endedBy: 'timeout' });
      return { kind: 'digits', digits, endedBy: 'timeout' };
    }
    const r = await ctx.input.waitForChange(left, ctx.signal);
    if (r === 'aborted') return { kind: 'gone' };
  }
}

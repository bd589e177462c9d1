/**
 * Confirming digits the caller typed (call standards, sections 5-6): "you
 * entered" and the digits in groups, then "1 if correct, 2 to enter again".
 * Only 1 or 2 answer it; any other key gets an apology and the question
 * again; a silent caller hears it once more, then the no-sound close.
 */
import type { CallContext } from '../call/context.js';
import { ms } from '../call/context.js';
import { ask } from '../call/ask.js';

/** Keys for the read-back question. */
export const CONFIRM_KEY = '1';
export const REENTER_KEY = '2';

/** Reads `readBack` (digit prompts) back and asks for the confirmation. */
export async function confirmReadBack(ctx: CallContext, o: { name: string; readBack: readonly string[] }): Promise<'confirmed' | 'reenter' | 'gone'> {
  const p = ctx.config.prompts;
  const answer = await ask(ctx, {
    name: o.name,
    preamble: [...p.callbackReadBack, ...o.readBack],
    question: p.callbackConfirm,
    replyMs: ms(ctx.config.timings.menuReplySeconds),
    fit: (d) => (d === CONFIRM_KEY || d === REENTER_KEY ? 'ok' : 'invalid'),
  });
  if (answer.kind === 'gone') return 'gone';
  if (answer.kind === 'answer' && answer.digits === CONFIRM_KEY) return 'confirmed';
  // Key 2, or no usable answer after the apologies: enter it again.
  return 'reenter';
}

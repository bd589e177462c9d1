/**
 * Menu action `identity-lookup` (call standards, section 6): a look-up that
 * needs the caller's identity first. We say why before asking; the caller
 * types the last digits of their ID (read back for confirmation), or presses
 * star to decline. A caller who declines, or whose digits do not match,
 * hears politely that the request cannot go on without the check (never an
 * argument) and is asked whether there is anything else. A match goes on to
 * the hold for the look-up.
 */
import { z } from 'zod';
import { PromptList } from '../../config/schema-parts.js';
import { ask } from '../../call/ask.js';
import { say } from '../../call/say.js';
import { ms, type CallContext } from '../../call/context.js';
import { defineStep } from './step.js';
import { holdForLookup } from '../hold-lookup.js';
import { readBackPrompts } from '../read-back.js';
import { confirmReadBack } from '../confirm-read-back.js';

/** Key that declines the identity check. */
export const DECLINE_KEY = '*';
/** Tries at typing digits that match, before the request cannot go on. */
const MATCH_TRIES = 2;

/** Its config entry under menu.keys. */
export const identityLookupSchema = z
    .object({
      action: z.literal('identity-lookup'),
      /** Why we ask (said first, before the question). */
      why: PromptList,
      /** The question: which digits to type, and star to decline. */
      ask: PromptList,
      /** How many digits the caller types. */
      digits: z.number().int().min(2).max(8).default(4),
      /** Said to a caller who declines: the request cannot go on without the check. */
      declined: PromptList.default(['identity-declined']),
      /** Said when the digits do not match our records. */
      notMatched: PromptList.default(['identity-not-matched']),
      /** Then the look-up, as in hold-lookup. */
      reason: PromptList,
      lookupSeconds: z.number().min(1).max(1800).default(45),
    })
    .strict();

export const identityLookupStep = defineStep({
  action: 'identity-lookup',
  schema: identityLookupSchema,
  outcomes: () => ['close', 'ended'],
  reaches: (_a, config) => ({ targets: [config.agentTarget] }),
  async run(ctx, a) {
    for (let tries = 1; tries <= MATCH_TRIES; tries++) {
      const answer = await ask(ctx, {
        name: 'identity',
        ...(tries === 1 ? { preamble: a.why } : {}),
        question: a.ask,
        maxDigits: a.digits,
        aloneKeys: [DECLINE_KEY],
        replyMs: ms(ctx.config.timings.firstDigitSeconds),
        // Star alone declines; otherwise exactly the digits asked for.
        fit: (d) => (d === DECLINE_KEY || new RegExp(`^[0-9]{${a.digits}}$`).test(d) ? 'ok' : 'invalid'),
        attempts: ctx.config.retries.numberEntry,
      });
      if (answer.kind === 'gone') return 'ended';
      if (answer.kind !== 'answer' || answer.digits === DECLINE_KEY) {
        ctx.timeline.add('identity', { result: answer.kind === 'answer' ? 'declined' : 'not-given' });
        return cannotGoOn(ctx, a.declined);
      }
      const confirmed = await confirmReadBack(ctx, { name: 'identity-confirm', readBack: readBackPrompts(answer.digits, [a.digits]) });
      if (confirmed === 'gone') return 'ended';
      if (confirmed === 'reenter') continue;
      const ok = await ctx.services.verifyIdentity({ callerNumber: ctx.caller.number, digits: answer.digits }, ctx.signal).catch((err: unknown) => {
        ctx.log.error(`identity check failed: ${err instanceof Error ? err.message : String(err)}`, { callId: ctx.id });
        return false;
      });
      if (ok) {
        ctx.timeline.add('identity', { result: 'matched' });
        return holdForLookup(ctx, a.reason, a.lookupSeconds);
      }
      ctx.timeline.add('identity', { result: 'not-matched', try: tries });
      const r = await say(ctx, a.notMatched);
      if (r.kind === 'gone') return 'ended';
    }
    return cannotGoOn(ctx, a.declined);
  },
});

/** Polite, no argument: the request cannot go on without the check; then "anything else?". */
async function cannotGoOn(ctx: CallContext, prompts: readonly string[]): Promise<'close' | 'ended'> {
  const r = await say(ctx, prompts);
  return r.kind === 'gone' ? 'ended' : 'close';
}

/** Menu action `hold-lookup`: give the reason, ask permission, hold with check-ins while the back end looks it up. */
import { z } from 'zod';
import { PromptList } from '../../config/schema-parts.js';
import { defineStep } from './step.js';
import { holdForLookup } from '../hold-lookup.js';

/** Its config entry under menu.keys. */
export const holdLookupSchema = z
    .object({
      action: z.literal('hold-lookup'),
      /** The reason given when asking permission to hold. */
      reason: PromptList,
      /** How long the look-up takes in the demo back end (seconds). */
      lookupSeconds: z.number().min(1).max(1800).default(45),
    })
    .strict();

export const holdLookupStep = defineStep({
  action: 'hold-lookup',
  schema: holdLookupSchema,
  // Answered, or a callback taken: "anything else?"; silent through the max-hold choice: the no-sound close.
  outcomes: () => ['close', 'ended'],
  reaches: (_a, config) => ({ targets: [config.agentTarget] }),
  run: (ctx, a) => holdForLookup(ctx, a.reason, a.lookupSeconds),
});

/** Menu action `info`: say something (opening hours, an address), then "anything else?" (key 1 returns to the menu). */
import { z } from 'zod';
import { PromptList } from '../../config/schema-parts.js';
import { say } from '../../call/say.js';
import { defineStep } from './step.js';

/** Its config entry under menu.keys. */
export const infoSchema = z.object({ action: z.literal('info'), prompt: PromptList }).strict();

export const infoStep = defineStep({
  action: 'info',
  schema: infoSchema,
  outcomes: () => ['close'],
  async run(ctx, a) {
    const r = await say(ctx, a.prompt);
    return r.kind === 'gone' ? 'ended' : 'close';
  },
});

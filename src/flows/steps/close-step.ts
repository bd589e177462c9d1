/** Menu action `close`: thanks, goodbye and the close grace. */
import { z } from 'zod';
import { defineStep } from './step.js';
import { closeWithGoodbye } from '../polite-close.js';

/** Its config entry under menu.keys. */
export const closeSchema = z.object({ action: z.literal('close') }).strict();

export const closeStep = defineStep({
  action: 'close',
  schema: closeSchema,
  outcomes: () => ['ended'],
  run: (ctx) => closeWithGoodbye(ctx),
});

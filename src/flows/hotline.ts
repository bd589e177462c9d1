/**
 * The hotline: the flows composed. Greeting and menu in one question (a
 * caller who knows the menu can press at once), then the step loop; outside
 * opening hours the closed-hours flow first. Every step returns where the
 * call goes next and followSteps goes there, so no result is dropped
 * ("anything else? press 1" really returns to the menu).
 */
import type { CallContext } from '../call/context.js';
import { closedHours } from './closed-hours.js';
import { runMenu } from './menu.js';
import { politeClose } from './polite-close.js';
import type { FlowResult } from './flow-result.js';

/** Runs one inbound call from just after answer to its end. */
export async function hotline(ctx: CallContext): Promise<void> {
  if (!ctx.services.isOpen(ctx.config.hours, new Date(ctx.clock.now()))) {
    await followSteps(ctx, await closedHours(ctx));
    return;
  }
  await followSteps(ctx, await runMenu(ctx, { before: ctx.config.prompts.greeting }));
}

/** Goes where each step sends the call (the menu again, the polite close) until the call has ended. */
export async function followSteps(ctx: CallContext, first: FlowResult): Promise<void> {
  let next = first;
  while (next !== 'ended') {
    next = next === 'close' ? await politeClose(ctx) : await runMenu(ctx);
  }
}

/**
 * The hotline: the flows composed. Greeting and menu in one interruptible
 * sequence (a caller who knows the menu can press at once), then the menu
 * loop; outside opening hours the closed-hours flow instead.
 */
import type { CallContext } from '../call/context.js';
import { say } from '../call/say.js';
import { closedHours } from './closed-hours.js';
import { runMenu } from './menu.js';

/** Runs one inbound call from just after answer to its end. */
export async function hotline(ctx: CallContext): Promise<void> {
  if (!ctx.services.isOpen(ctx.config.hours, new Date(ctx.clock.now()))) {
    await closedHours(ctx);
    return;
  }
  const p = ctx.config.prompts;
  const greeted = await say(ctx, [...p.greeting, ...p.menu], { interruptible: true });
  if (greeted.kind === 'gone') return;
  await runMenu(ctx);
}

/**
 * Outside opening hours: say so (with the hours, in the prompt), then take a
 * callback request or close politely, as configured.
 */
import type { CallContext } from '../call/context.js';
import { say } from '../call/say.js';
import { captureCallback } from './callback-capture.js';
import { closeWithGoodbye } from './polite-close.js';
import type { FlowResult } from './flow-result.js';

/** The closed-hours flow. */
export async function closedHours(ctx: CallContext): Promise<FlowResult> {
  const r = await say(ctx, ctx.config.prompts.closedHours);
  if (r.kind === 'gone') return 'ended';
  const agentName = ctx.config.agentTarget;
  const agent = ctx.config.targets[agentName];
  if (ctx.config.hours?.whenClosed === 'callback' && agent) {
    return captureCallback(ctx, { targetName: agentName, target: agent, reason: 'closed', announceBusy: false });
  }
  return closeWithGoodbye(ctx);
}

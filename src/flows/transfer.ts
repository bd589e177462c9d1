/**
 * Transfer (standards sections 4-5): say where the caller is going (and the
 * number to call back if the line drops), ring the target with music and a
 * progress line at least every check-in interval, bridge on answer; busy or
 * no answer goes to callback capture (or the close, as configured).
 */
import type { CallContext } from '../call/context.js';
import { ms } from '../call/context.js';
import { say } from '../call/say.js';
import { holdWithCheckIns } from '../call/hold.js';
import { bridgeWithAgent, dialTarget, type DialOutcome } from '../call/dial.js';
import { captureCallback } from './callback-capture.js';
import { closeWithGoodbye } from './polite-close.js';
import type { FlowResult } from './flow-result.js';

/** Options for transfer. */
export interface TransferOptions {
  /** False when we are already recovering from a failure and must not loop into callbacks. */
  allowCallback?: boolean;
}

/** Transfers the caller to a named target from the config. */
export async function transfer(ctx: CallContext, targetName: string, opts: TransferOptions = {}): Promise<FlowResult> {
  const target = ctx.config.targets[targetName];
  if (!target) {
    // The config check prevents this; if it happens anyway, be polite, not silent.
    ctx.log.error(`transfer to unknown target "${targetName}"`, { callId: ctx.id });
    ctx.timeline.add('error', { what: 'unknown-target', target: targetName });
    return 'close';
  }
  const announced = await say(ctx, target.announce);
  if (announced.kind === 'gone') return 'ended';

  const dialing = dialTarget(ctx, { endpoint: target.dial, ringTimeoutMs: ms(target.ringTimeoutSeconds), target: targetName });
  const hold = await holdWithCheckIns(ctx, {
    until: dialing,
    checkInPrompts: ctx.config.prompts.transferRinging,
    checkInMs: ms(ctx.config.timings.checkInSeconds),
    purpose: 'ringing',
  });
  const outcome: DialOutcome = await dialing;
  if (hold.kind === 'gone' || outcome.kind === 'gone') return 'ended';

  switch (outcome.kind) {
    case 'answered': {
      const b = await bridgeWithAgent(ctx, outcome.agent);
      if (b.kind === 'gone') return 'ended';
      // The colleague left first: the caller is still with us, so close politely.
      return 'close';
    }
    case 'busy':
    case 'no-answer': {
      const action = outcome.kind === 'busy' ? target.onBusy : target.onNoAnswer;
      if (action === 'callback' && opts.allowCallback !== false) {
        return captureCallback(ctx, {
          targetName,
          target,
          reason: outcome.kind,
          announceBusy: true,
        });
      }
      const r = await say(ctx, ctx.config.prompts.targetBusy);
      if (r.kind === 'gone') return 'ended';
      return closeWithGoodbye(ctx);
    }
    case 'failed': {
      ctx.log.warn(`transfer to ${targetName} failed: ${outcome.reason}`, { callId: ctx.id });
      if (opts.allowCallback !== false) {
        return captureCallback(ctx, { targetName, target, reason: 'unavailable', announceBusy: true });
      }
      return closeWithGoodbye(ctx);
    }
  }
}

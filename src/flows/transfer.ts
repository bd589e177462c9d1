/**
 * Transfer (standards sections 4-5): say where the caller is going (and the
 * number to call back if the line drops), ring the target with music and a
 * progress line at least every check-in interval, bridge on answer; busy,
 * no answer or failure says so truly and offers a choice (a callback, the
 * menu, the service desk), or the close, as configured.
 */
import type { CallContext } from '../call/context.js';
import { ms } from '../call/context.js';
import { say } from '../call/say.js';
import { ask } from '../call/ask.js';
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
  if (hold.kind === 'gone' || outcome.kind === 'gone') {
    // The caller left while the colleague's phone rang: never leave them a caller-less call.
    if (outcome.kind === 'answered') await outcome.agent.hangup().catch(() => undefined);
    return 'ended';
  }

  switch (outcome.kind) {
    case 'answered': {
      const b = await bridgeWithAgent(ctx, outcome.agent);
      if (b.kind === 'gone') return 'ended';
      // The colleague left first (or the bridge failed): the caller is still with us, so close politely.
      return 'close';
    }
    case 'busy':
    case 'no-answer':
    case 'failed': {
      if (outcome.kind === 'failed') ctx.log.warn(`transfer to ${targetName} failed: ${outcome.reason}`, { callId: ctx.id });
      const action = outcome.kind === 'busy' ? target.onBusy : target.onNoAnswer;
      // A failed dial is said as it is: we could not reach them, not "on another call".
      const sentence = outcome.kind === 'failed' ? ctx.config.prompts.targetUnavailable : ctx.config.prompts.targetBusy;
      if (action === 'callback' && opts.allowCallback !== false) {
        return offerChoice(ctx, targetName, sentence, outcome.kind === 'failed' ? 'unavailable' : outcome.kind);
      }
      const r = await say(ctx, [...sentence, ...ctx.config.prompts.callLater]);
      if (r.kind === 'gone') return 'ended';
      return closeWithGoodbye(ctx);
    }
  }
}

/** Keys of the busy / no-answer choice. */
export const BUSY_CALLBACK_KEY = '1';
export const BUSY_MENU_KEY = '2';
export const BUSY_DESK_KEY = '0';

/**
 * Busy, no answer or unreachable (standards section 5): say so, then offer
 * the choice before asking for a number: leave a callback number (1), be
 * helped now from the menu (2), or the service desk (0, when the target was
 * not the desk itself). Keys pressed while it is said count.
 */
async function offerChoice(ctx: CallContext, targetName: string, sentence: readonly string[], reason: 'busy' | 'no-answer' | 'unavailable'): Promise<FlowResult> {
  const p = ctx.config.prompts;
  const desk = targetName !== ctx.config.agentTarget && ctx.config.targets[ctx.config.agentTarget] !== undefined;
  const options = [...p.busyChoice, ...(desk ? p.busyChoiceDesk : [])];
  const keys = [BUSY_CALLBACK_KEY, BUSY_MENU_KEY, ...(desk ? [BUSY_DESK_KEY] : [])];
  const answer = await ask(ctx, {
    name: 'busy-choice',
    question: [...sentence, ...options],
    again: options,
    fit: (d) => (keys.includes(d) ? 'ok' : 'invalid'),
  });
  if (answer.kind === 'gone') return 'ended';
  if (answer.kind !== 'answer') return 'close';
  ctx.timeline.add('busy-choice', { key: answer.digits });
  if (answer.digits === BUSY_MENU_KEY) return 'back-to-menu';
  if (answer.digits === BUSY_DESK_KEY) return transfer(ctx, ctx.config.agentTarget);
  const target = ctx.config.targets[targetName];
  if (!target) return 'close';
  return captureCallback(ctx, { targetName, target, reason });
}

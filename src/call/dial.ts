/**
 * dialTarget: rings a transfer target and reports answered / busy / no
 * answer / failed as a value. Asterisk tells busy with a Dial BUSY event at
 * once; no answer shows only as the target channel ending after RINGING
 * (cause 19), with no NOANSWER Dial event (see the dial traces).
 */
import type { ChannelHandle } from '../ari/channel-handle.js';
import type { AriEvent } from '../ari/types.js';
import type { CallContext } from './context.js';
import { isOver } from './context.js';

/** How a dial ended. */
export type DialOutcome =
  | { kind: 'answered'; agent: ChannelHandle }
  | { kind: 'busy' }
  | { kind: 'no-answer' }
  | { kind: 'failed'; reason: string }
  | { kind: 'gone' };

/** Options for dialTarget. */
export interface DialTargetOptions {
  endpoint: string;
  ringTimeoutMs: number;
  /** Name of the target, for the timeline. */
  target: string;
}

/** Extra time past the ring timeout before we stop waiting for Asterisk's verdict ourselves. */
const VERDICT_SLACK_MS = 3_000;

/** Rings `endpoint`; the agent channel is hung up on every outcome except answered. */
export async function dialTarget(ctx: CallContext, o: DialTargetOptions): Promise<DialOutcome> {
  ctx.timeline.add('dial-started', { target: o.target, endpoint: o.endpoint });
  let agent: ChannelHandle;
  try {
    agent = await ctx.services.dialer.createChannel(o.endpoint, ctx.id);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    ctx.timeline.add('dial-result', { target: o.target, result: 'failed', reason });
    return { kind: 'failed', reason };
  }
  if (isOver(ctx)) {
    // The caller left while the leg was being created: an abort listener added
    // now would never fire, so never dial a colleague for nobody.
    await agent.hangup().catch(() => undefined);
    return { kind: 'gone' };
  }
  const outcome = await new Promise<DialOutcome>((resolve) => {
    let settled = false;
    let ringing = false;
    const done = (r: DialOutcome): void => {
      if (settled) return;
      settled = true;
      off();
      ctx.clock.clearTimeout(guard);
      ctx.signal.removeEventListener('abort', onCallerGone);
      resolve(r);
    };
    const off = agent.onEvent((e: AriEvent) => {
      if (e.type === 'Dial') {
        const s = e.dialstatus;
        if (s === 'ANSWER') done({ kind: 'answered', agent });
        else if (s === 'BUSY') done({ kind: 'busy' });
        else if (s === 'NOANSWER') done({ kind: 'no-answer' });
        else if (s === 'RINGING' || s === 'PROGRESS' || s === '') ringing = ringing || s === 'RINGING';
        else done({ kind: 'failed', reason: `dial status ${s}` });
      } else if (e.type === 'StasisEnd' || e.type === 'ChannelDestroyed') {
        const cause = agent.hangupCause ?? (e.type === 'ChannelDestroyed' ? e.cause : undefined);
        if (cause === 17) done({ kind: 'busy' });
        else if (cause === 19 || ringing || cause === 32) done({ kind: 'no-answer' });
        else done({ kind: 'failed', reason: `target hung up (cause ${cause ?? 'unknown'})` });
      }
    });
    const guard = ctx.clock.setTimeout(() => done({ kind: 'no-answer' }), o.ringTimeoutMs + VERDICT_SLACK_MS);
    const onCallerGone = (): void => done({ kind: 'gone' });
    ctx.signal.addEventListener('abort', onCallerGone, { once: true });
    agent.dial({ callerId: ctx.id, timeoutSeconds: Math.max(1, Math.round(o.ringTimeoutMs / 1000)) }).catch((err: unknown) => {
      done({ kind: 'failed', reason: err instanceof Error ? err.message : String(err) });
    });
  });
  if (outcome.kind !== 'answered') {
    await agent.hangup().catch(() => undefined);
  }
  if (outcome.kind !== 'gone') {
    ctx.timeline.add('dial-result', { target: o.target, result: outcome.kind, ...(outcome.kind === 'failed' ? { reason: outcome.reason } : {}) });
  }
  return outcome;
}

/** How a bridged conversation ended. */
export type BridgeOutcome = { kind: 'agent-left' } | { kind: 'gone' } | { kind: 'failed'; reason: string };

/** Joins caller and agent in a mixing bridge and waits until one of them leaves. */
export async function bridgeWithAgent(ctx: CallContext, agent: ChannelHandle): Promise<BridgeOutcome> {
  let bridge;
  try {
    bridge = await ctx.services.dialer.createBridge();
    await bridge.addChannels([ctx.id, agent.id]);
  } catch (err) {
    await bridge?.destroy().catch(() => undefined);
    await agent.hangup().catch(() => undefined);
    return { kind: 'failed', reason: err instanceof Error ? err.message : String(err) };
  }
  ctx.timeline.add('bridged', { agent: agent.id, bridge: bridge.id });
  const aborted = abortPromise(ctx.signal);
  await Promise.race([agent.endedPromise, ctx.channel.endedPromise, aborted.promise]);
  aborted.dispose();
  const callerGone = isOver(ctx);
  if (callerGone) await agent.hangup().catch(() => undefined);
  await bridge.destroy().catch(() => undefined);
  ctx.timeline.add('unbridged', { by: callerGone ? 'caller' : 'agent' });
  return callerGone ? { kind: 'gone' } : { kind: 'agent-left' };
}

/** A promise that settles when the signal aborts, and the way to drop its listener once it is no longer needed. */
function abortPromise(signal: AbortSignal): { promise: Promise<void>; dispose: () => void } {
  let onAbort: (() => void) | undefined;
  const promise = new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else {
      onAbort = () => resolve();
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  return { promise, dispose: () => onAbort && signal.removeEventListener('abort', onAbort) };
}

/**
 * Places one leg of a callback (the colleague first, then the customer):
 * creates the channel in our app, dials it with a ring time, and reports
 * answered / busy / no answer / failed as a value, with the time it rang.
 * Like dialTarget (src/call/dial.ts), but there is no caller channel here:
 * the dialer itself is the one waiting. Busy shows as Dial BUSY or cause
 * 17; no answer as the channel ending after RINGING (cause 19, or the
 * soft-hangup 32 of the ARI dial timeout), never before the ring time.
 */
import type { Clock } from '../clock/clock.js';
import type { ChannelHandle } from '../ari/channel-handle.js';
import type { CreateChannelOptions } from '../ari/client.js';
import type { AriEvent } from '../ari/types.js';
import type { Timeline } from '../call/timeline.js';

/** What the dialer needs from the ARI client (AriClient provides it). */
export interface LegClient {
  createChannel(o: CreateChannelOptions): Promise<ChannelHandle>;
}

/** How a leg's dial ended. */
export type LegOutcome =
  | { kind: 'answered'; channel: ChannelHandle; ringMs: number }
  | { kind: 'busy' }
  | { kind: 'no-answer'; ringMs: number }
  | { kind: 'failed'; reason: string }
  /** The dialer stopped (or the attempt was called off) while it rang; the leg is hung up. */
  | { kind: 'stopped' };

/** Options for placeLeg. */
export interface PlaceLegOptions {
  client: LegClient;
  clock: Clock;
  timeline: Timeline;
  endpoint: string;
  ringMs: number;
  signal: AbortSignal;
  callerId?: { name: string; number: string };
  /** Called with the channel as soon as it exists, so the attempt can hang it up if it must. */
  onChannel?: (channel: ChannelHandle) => void;
}

/** Extra time past the ring time before we stop waiting for Asterisk's verdict ourselves. */
const VERDICT_SLACK_MS = 3_000;

/** Rings the endpoint; every outcome but answered leaves the channel hung up. */
export async function placeLeg(o: PlaceLegOptions): Promise<LegOutcome> {
  o.timeline.add('dial-started', { endpoint: o.endpoint, ringMs: o.ringMs });
  let channel: ChannelHandle;
  try {
    channel = await o.client.createChannel({ endpoint: o.endpoint, appArgs: 'dialed', ...(o.callerId ? { callerId: o.callerId } : {}) });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    o.timeline.add('dial-result', { result: 'failed', reason });
    return { kind: 'failed', reason };
  }
  o.onChannel?.(channel);
  if (o.signal.aborted) {
    await channel.hangup().catch(() => undefined);
    return { kind: 'stopped' };
  }
  const dialedAt = o.clock.now();
  const outcome = await new Promise<LegOutcome>((resolve) => {
    let settled = false;
    let ringing = false;
    const rang = (): number => o.clock.now() - dialedAt;
    const done = (r: LegOutcome): void => {
      if (settled) return;
      settled = true;
      off();
      o.clock.clearTimeout(guard);
      o.signal.removeEventListener('abort', onStop);
      resolve(r);
    };
    const off = channel.onEvent((e: AriEvent) => {
      if (e.type === 'Dial') {
        const s = e.dialstatus;
        if (s === 'ANSWER') done({ kind: 'answered', channel, ringMs: rang() });
        else if (s === 'BUSY') done({ kind: 'busy' });
        else if (s === 'NOANSWER') done({ kind: 'no-answer', ringMs: rang() });
        else if (s === 'RINGING' || s === 'PROGRESS' || s === '') ringing = ringing || s === 'RINGING';
        else done({ kind: 'failed', reason: `dial status ${s}` });
      } else if (e.type === 'StasisEnd' || e.type === 'ChannelDestroyed') {
        const cause = channel.hangupCause ?? (e.type === 'ChannelDestroyed' ? e.cause : undefined);
        if (cause === 17) done({ kind: 'busy' });
        else if (cause === 19 || cause === 32 || ringing) done({ kind: 'no-answer', ringMs: rang() });
        else done({ kind: 'failed', reason: `the call ended before it rang (cause ${cause ?? 'unknown'})` });
      }
    });
    const guard = o.clock.setTimeout(() => done({ kind: 'no-answer', ringMs: rang() }), o.ringMs + VERDICT_SLACK_MS);
    const onStop = (): void => done({ kind: 'stopped' });
    o.signal.addEventListener('abort', onStop, { once: true });
    channel.dial({ timeoutSeconds: Math.max(1, Math.round(o.ringMs / 1000)) }).catch((err: unknown) => {
      done({ kind: 'failed', reason: err instanceof Error ? err.message : String(err) });
    });
  });
  if (outcome.kind !== 'answered') await channel.hangup().catch(() => undefined);
  o.timeline.add('dial-result', {
    result: outcome.kind,
    ...(outcome.kind === 'answered' || outcome.kind === 'no-answer' ? { ringMs: outcome.ringMs } : {}),
    ...(outcome.kind === 'failed' ? { reason: outcome.reason } : {}),
  });
  return outcome;
}

/**
 * The log of a dialed phone (a colleague, an outbound customer): the same
 * entries an inbound caller's log has (what they heard, what they did), so
 * outbound tests can measure what a customer heard and when.
 */
import type { Channel } from '../model/channel.js';
import type { SimContext } from '../core/sim-context.js';
import type { FarEndCall } from '../model/endpoints.js';
import type { CallerEvent } from './caller-log.js';
import { logChannelSignals } from './inbound-call.js';

/** Starts logging a dialed channel; returns the call record and the writer scripts log through. */
export function logFarEnd(ctx: SimContext, ch: Channel, endpoint: string): { call: FarEndCall; write: (e: CallerEvent) => void } {
  const placedAt = ctx.clock.now();
  const call: FarEndCall = { endpoint, channelId: ch.id, at: placedAt, callerId: { ...ch.caller }, log: [] };
  const write = (event: CallerEvent): void => {
    const at = ctx.clock.now();
    call.log.push({ ...event, at, t: at - placedAt } as FarEndCall['log'][number]);
  };
  write({ kind: 'placed', from: ch.caller.number, to: endpoint });
  logChannelSignals(ch, write);
  return { call, write };
}

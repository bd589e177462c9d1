/**
 * The log of a dialed phone (a colleague, an outbound customer): the same
 * entries an inbound caller's log has (what they heard, what they did), so
 * outbound tests can measure what a customer heard and when.
 */
import { causeText } from '../core/causes.js';
import type { Channel } from '../model/channel.js';
import type { SimContext } from '../core/sim-context.js';
import type { FarEndCall } from '../model/endpoints.js';
import type { CallerEvent } from './caller-log.js';
import { toCallerEvent } from './inbound-call.js';

/** Starts logging a dialed channel; returns the call record and the writer scripts log through. */
export function logFarEnd(ctx: SimContext, ch: Channel, endpoint: string): { call: FarEndCall; write: (e: CallerEvent) => void } {
  const placedAt = ctx.clock.now();
  const call: FarEndCall = { endpoint, channelId: ch.id, at: placedAt, callerId: { ...ch.caller }, log: [] };
  const write = (event: CallerEvent): void => {
    const at = ctx.clock.now();
    call.log.push({ ...event, at, t: at - placedAt } as FarEndCall['log'][number]);
  };
  write({ kind: 'placed', from: ch.caller.number, to: endpoint });
  let answered = false;
  ch.on((signal) => {
    if (signal.kind === 'state' && signal.state === 'Up' && !answered) {
      answered = true;
      write({ kind: 'answered' });
      return;
    }
    if (signal.kind === 'destroyed') {
      write({ kind: 'hangup', by: signal.by, cause: signal.cause, causeTxt: causeText(signal.cause) });
      return;
    }
    const event = toCallerEvent(signal);
    if (event) write(event);
  });
  return { call, write };
}

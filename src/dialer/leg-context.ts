/**
 * A CallContext for one answered leg of a callback, so the dialer speaks
 * and asks with the same say() and ask() as the inbound flows (type-ahead,
 * replays, silence handling, the call's language and config version). The
 * flow-only services (transfers, callback capture, look-ups) are not there
 * on a dialer leg: using one is a bug, so they throw.
 */
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import type { ChannelHandle } from '../ari/channel-handle.js';
import type { HotlineConfig, Language } from '../config/schema.js';
import { LANGUAGES } from '../config/schema.js';
import { isOpen } from '../config/hours.js';
import { CallerInput } from '../call/caller-input.js';
import type { CallContext, CallServices } from '../call/context.js';
import type { Timeline } from '../call/timeline.js';

/** Options for legContext. */
export interface LegContextOptions {
  channel: ChannelHandle;
  clock: Clock;
  log: Logger;
  timeline: Timeline;
  config: HotlineConfig;
  configVersion: string;
  /** The language the customer used when they asked for the callback. */
  language: string;
  /** Aborts when the attempt is called off (dialer stopped, machine detected, lease lost). */
  signal: AbortSignal;
  number: string;
  promptLengthMs?: CallServices['promptLengthMs'];
}

function notOnDialerLeg(what: string): never {
  throw new Error(`${what} is not available on a callback dialer leg`);
}

/** The context, and dispose() to stop listening to the channel once the leg is done. */
export function legContext(o: LegContextOptions): { ctx: CallContext; dispose: () => void } {
  const input = new CallerInput(o.channel, o.clock);
  const stopper = new AbortController();
  const stop = (): void => stopper.abort(new Error('leg over'));
  o.signal.addEventListener('abort', stop, { once: true });
  void o.channel.endedPromise.then(stop);
  const language = (LANGUAGES as readonly string[]).includes(o.language) ? (o.language as Language) : o.config.languages.default;
  const services: CallServices = {
    dialer: { createChannel: () => notOnDialerLeg('a transfer'), createBridge: () => notOnDialerLeg('a transfer') },
    // Every queue method refuses: a dialer leg never captures a callback.
    callbacks: new Proxy({} as CallServices['callbacks'], { get: () => () => notOnDialerLeg('callback capture') }),
    lookup: () => notOnDialerLeg('a look-up'),
    verifyIdentity: () => notOnDialerLeg('an identity check'),
    isOpen,
    ...(o.promptLengthMs ? { promptLengthMs: o.promptLengthMs } : {}),
  };
  const ctx: CallContext = {
    id: o.channel.id,
    channel: o.channel,
    clock: o.clock,
    signal: stopper.signal,
    log: o.log,
    timeline: o.timeline,
    config: o.config,
    configVersion: o.configVersion,
    input,
    services,
    caller: { number: o.number, name: '' },
    language,
    endedBy: undefined,
  };
  return {
    ctx,
    dispose: () => {
      o.signal.removeEventListener('abort', stop);
      input.dispose();
    },
  };
}

/**
 * CallContext: everything one call's flow may use. Flows get time, channel,
 * caller input, config and services from here and nowhere else, so tests can
 * run them on a virtual clock against the simulator.
 */
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import type { ChannelHandle } from '../ari/channel-handle.js';
import type { BridgeHandle } from '../ari/bridge.js';
import type { HotlineConfig, Hours, Language } from '../config/schema.js';
import type { CallbackQueue } from '../store/callback-queue.js';
import type { CallerInput } from './caller-input.js';
import type { Timeline } from './timeline.js';

/** Places outbound legs for transfers; the ARI client implements it. */
export interface Dialer {
  /** Creates a channel to `endpoint` in our app for call `forCallId` and waits until it can be dialed. */
  createChannel(endpoint: string, forCallId: string): Promise<ChannelHandle>;
  createBridge(): Promise<BridgeHandle>;
}

/** What a "hold-lookup" asks the back end for. */
export interface LookupRequest {
  what: string;
  /** The configured look-up time (the demo back end waits this long). */
  seconds: number;
  callerNumber: string;
}

/** The back end a "hold-lookup" menu action waits on; resolves when the answer is ready. */
export type LookupService = (request: LookupRequest, signal: AbortSignal) => Promise<void>;

/** What an identity check is given: the caller's number and the digits they typed. */
export interface IdentityRequest {
  callerNumber: string;
  digits: string;
}

/** Checks the digits against the caller's records (a CRM); resolves true on a match. */
export type IdentityService = (request: IdentityRequest, signal: AbortSignal) => Promise<boolean>;

/** Services a call uses beyond its own channel. */
export interface CallServices {
  dialer: Dialer;
  callbacks: CallbackQueue;
  lookup: LookupService;
  verifyIdentity: IdentityService;
  /** Whether the hotline is open at this instant under these opening hours (undefined: always open). */
  isOpen(hours: Hours | undefined, at: Date): boolean;
  /** Known length of a prompt (ms), used to bound its playback watchdog. */
  promptLengthMs?(lang: Language, id: string): number | undefined;
}

/** Why the flow was told to stop. */
export type StopReason = 'hangup' | 'shutdown';

/** One call's runtime. */
export interface CallContext {
  readonly id: string;
  readonly channel: ChannelHandle;
  readonly clock: Clock;
  /** Aborts when the caller hangs up or the service must stop the flow. */
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly timeline: Timeline;
  readonly config: HotlineConfig;
  /** Content hash of the config version this call runs on. */
  readonly configVersion: string;
  readonly input: CallerInput;
  readonly services: CallServices;
  readonly caller: { number: string; name: string };
  /** Language prompts are played in; the language menu key changes it. */
  language: Language;
  /** Set by hangup helpers when we end the call (so the timeline can say who went first). */
  endedBy: 'caller' | 'us' | undefined;
}

/** True once the caller is gone or the flow must stop. */
export function isOver(ctx: CallContext): boolean {
  return ctx.signal.aborted || ctx.channel.ended;
}

/** Converts config seconds to ms. */
export function ms(seconds: number): number {
  return Math.round(seconds * 1000);
}

/**
 * Scripted inbound calls: a PJSIP channel arrives (state Ring, caller id and
 * extension set) and runs Stasis(app) at once. If no socket serves the app,
 * Stasis fails and the dialplan hangs the call up. The caller's experience
 * is logged for the flow tests.
 */
import { causeText, Cause } from '../core/causes.js';
import type { SimContext } from '../core/sim-context.js';
import type { Channel, ChannelSignal, HangupBy } from '../model/channel.js';
import type { CallerEvent, CallerLogEntry } from './caller-log.js';
import { CallerScript, type CallerStep } from './caller-script.js';

/** sim.placeCall options. */
export interface PlaceCallOptions {
  /** Stasis app the dialplan sends the call to. */
  app: string;
  /** Caller number (default 13800138000). */
  from?: string;
  /** Caller name (default empty). */
  fromName?: string;
  /** Dialed extension (default 4001). */
  to?: string;
  /** Channel uniqueid (default: Asterisk-style generated). */
  channelId?: string;
  /** Channel language (default 'en'). */
  language?: string;
  /** What the caller does. */
  script: CallerStep[];
  /** PJSIP endpoint the call comes in on; the channel is named PJSIP/<endpoint>-<n> (default 'trunk'). */
  endpoint?: string;
  /** Dialplan context of the inbound extension (default 'from-trunk'). */
  context?: string;
}

/** How a simulated call ended. */
export interface CallEnd {
  /** caller: the scripted caller (or far end) hung up; app: DELETE over ARI; asterisk: the PBX did. */
  by: HangupBy;
  cause: number;
  causeTxt: string;
  /** Clock time of the hangup. */
  at: number;
  /** False when the app was not connected and Stasis failed. */
  enteredStasis: boolean;
}

/** A placed call. */
export interface SimCall {
  /** Channel uniqueid. */
  readonly id: string;
  /** Channel name, e.g. PJSIP/trunk-00000000. */
  readonly name: string;
  /** Resolves when the channel is destroyed. */
  readonly ended: Promise<CallEnd>;
  /** The caller-experience log, growing as the call goes on. */
  readonly log: CallerLogEntry[];
  /** True once the channel entered Stasis. */
  readonly enteredStasis: boolean;
  /** Makes the caller hang up now (cause 16). */
  hangup(): void;
}

/** Creates the channel, enters Stasis and starts the script. */
export function placeInboundCall(ctx: SimContext, opts: PlaceCallOptions): SimCall {
  if (!opts.app) throw new Error('placeCall: app is required');
  const placedAt = ctx.clock.now();
  const endpoint = opts.endpoint ?? 'trunk';
  const to = opts.to ?? '4001';
  const from = opts.from ?? '13800138000';
  const ch = ctx.channels.create({
    id: opts.channelId ?? ctx.ids.uniqueId(),
    name: `PJSIP/${endpoint}-${ctx.ids.nameSuffix('PJSIP')}`,
    tech: 'PJSIP',
    resource: endpoint,
    state: 'Ring',
    origin: 'inbound',
    dialplan: { context: opts.context ?? 'from-trunk', exten: to, priority: 1, app_name: 'Stasis', app_data: opts.app },
    caller: { name: opts.fromName ?? '', number: from },
    language: opts.language ?? 'en',
    protocolId: ctx.ids.uuid(),
    continuousMedia: true,
  });
  const log: CallerLogEntry[] = [];
  const write = (event: CallerEvent): void => {
    const at = ctx.clock.now();
    log.push({ ...event, at, t: at - placedAt } as CallerLogEntry);
  };
  let enteredStasis = false;
  let resolveEnded: (end: CallEnd) => void = () => undefined;
  const ended = new Promise<CallEnd>((resolve) => {
    resolveEnded = resolve;
  });
  logChannelSignals(ch, write, (by, cause) => resolveEnded({ by, cause, causeTxt: causeText(cause), at: ctx.clock.now(), enteredStasis }));
  write({ kind: 'placed', from, to });
  const script = new CallerScript(ctx, ch, opts.script, write);
  if (ctx.stasis.enter(ch, opts.app, [], false)) {
    enteredStasis = true;
    script.start();
  } else {
    write({ kind: 'stasis-failed' });
    ctx.lifecycle.hangup(ch, { cause: Cause.NORMAL_CLEARING, by: 'asterisk' });
  }
  return {
    id: ch.id,
    name: ch.name,
    ended,
    log,
    get enteredStasis() {
      return enteredStasis;
    },
    hangup: () => hangupAsCaller(ctx, ch),
  };
}

function hangupAsCaller(ctx: SimContext, ch: Channel): void {
  ctx.lifecycle.hangup(ch, { request: { cause: Cause.NORMAL_CLEARING, soft: false }, cause: Cause.NORMAL_CLEARING, by: 'caller' });
}

/**
 * Writes what the person on this channel notices into their log: the answer
 * (once), the hang-up (then onDestroyed), and each signal toCallerEvent maps.
 * Inbound callers and dialed far ends keep the same log this way.
 */
export function logChannelSignals(ch: Channel, write: (e: CallerEvent) => void, onDestroyed?: (by: HangupBy, cause: number) => void): void {
  let answered = false;
  ch.on((signal) => {
    if (signal.kind === 'state' && signal.state === 'Up' && !answered) {
      answered = true;
      write({ kind: 'answered' });
      return;
    }
    if (signal.kind === 'destroyed') {
      write({ kind: 'hangup', by: signal.by, cause: signal.cause, causeTxt: causeText(signal.cause) });
      onDestroyed?.(signal.by, signal.cause);
      return;
    }
    const event = toCallerEvent(signal);
    if (event) write(event);
  });
}

/** The caller-log event for a channel signal, if the caller would notice it. */
export function toCallerEvent(signal: ChannelSignal): CallerEvent | undefined {
  switch (signal.kind) {
    case 'playback-started':
      return { kind: 'playback-started', playbackId: signal.playbackId, media: signal.media, lang: signal.lang };
    case 'playback-finished':
      return { kind: 'playback-finished', playbackId: signal.playbackId, media: signal.media, lang: signal.lang, status: signal.status };
    case 'moh-started':
      return { kind: 'moh-started', mohClass: signal.mohClass };
    case 'moh-stopped':
      return { kind: 'moh-stopped', reason: signal.reason };
    case 'ringing-started':
      return { kind: 'ringing-started' };
    case 'ringing-stopped':
      return { kind: 'ringing-stopped', reason: signal.reason };
    case 'bridge-entered':
      return { kind: 'entered-bridge', bridgeId: signal.bridgeId, with: signal.peers };
    case 'bridge-peers':
      return { kind: 'bridge-peers', bridgeId: signal.bridgeId, with: signal.peers };
    case 'bridge-left':
      return { kind: 'left-bridge', bridgeId: signal.bridgeId };
    case 'recording-started':
      return { kind: 'recording-started', name: signal.name };
    case 'recording-finished':
      return { kind: 'recording-finished', name: signal.name, state: signal.state };
    default:
      return undefined;
  }
}

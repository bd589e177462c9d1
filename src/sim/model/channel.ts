/**
 * One simulated channel: the fields ARI shows (id, name, state, caller,
 * dialplan location...), who is subscribed to its events, what its far end
 * hears from us and sends to us, and its own timers and command queue.
 */
import type { TimerGroup } from '../core/timers.js';
import { ControlQueue } from './control-queue.js';
import { IncomingAudio } from './incoming-audio.js';

/** Channel states as ARI spells them. */
export type ChannelState = 'Down' | 'Rsrvd' | 'OffHook' | 'Dialing' | 'Ring' | 'Ringing' | 'Up' | 'Busy';

/** A caller/connected party. */
export interface PartyId {
  name: string;
  number: string;
}

/** Where the channel is in the dialplan (ARI's `dialplan` object). */
export interface DialplanLocation {
  context: string;
  exten: string;
  priority: number;
  app_name: string;
  app_data: string;
}

/**
 * How the channel came to exist; decides what its dialplan shows after Stasis
 * and whether POST /dial is allowed on it.
 */
export type ChannelOrigin = 'originate' | 'create' | 'inbound' | 'local-peer';

/** Internal notifications about a channel (not ARI events): for far ends, caller logs, detectors. */
export type ChannelSignal =
  | { kind: 'state'; state: ChannelState }
  | { kind: 'playback-started'; playbackId: string; media: string; lang: string }
  /** Audio frames started flowing to the far end (a found file, MOH, a tone, a beep). */
  | { kind: 'media-out'; source: string }
  | { kind: 'playback-finished'; playbackId: string; media: string; lang: string; status: string }
  | { kind: 'moh-started'; mohClass: string }
  | { kind: 'moh-stopped'; reason: string }
  | { kind: 'ringing-started' }
  | { kind: 'ringing-stopped'; reason: string }
  | { kind: 'bridge-entered'; bridgeId: string; peers: string[] }
  | { kind: 'bridge-peers'; bridgeId: string; peers: string[] }
  | { kind: 'bridge-left'; bridgeId: string }
  | { kind: 'recording-started'; name: string }
  | { kind: 'recording-finished'; name: string; state: string }
  | { kind: 'dtmf-received'; digit: string }
  | { kind: 'hangup-requested'; cause: number }
  | { kind: 'destroyed'; cause: number; by: HangupBy };

/** Who ended a channel, for caller logs and call.ended. */
export type HangupBy = 'caller' | 'app' | 'asterisk';

/** What the far end currently hears from us, apart from bridged audio. */
export interface HeardMedia {
  /** The MOH class playing, if any. */
  moh: string | undefined;
  /** Ringing indication: none, sent as signalling (unanswered), or generated in-band. */
  ringing: 'none' | 'indicated' | 'inband';
  /** Id of the playback being played, if any. */
  playbackId: string | undefined;
  /** The playback is actually sending audio (its file was found). */
  playbackAudible: boolean;
}

/** Everything needed to make a channel. */
export interface ChannelInit {
  id: string;
  name: string;
  tech: string;
  resource: string;
  state: ChannelState;
  origin: ChannelOrigin;
  dialplan: DialplanLocation;
  creationtime: number;
  language?: string;
  caller?: PartyId;
  connected?: PartyId;
  protocolId?: string;
  /** Media flows from the far end all the time (phones) or only when it plays (Local). */
  continuousMedia: boolean;
  timers: TimerGroup;
  onControlError: (name: string, err: unknown) => void;
}

/** A live channel. */
export class Channel {
  readonly id: string;
  readonly name: string;
  readonly tech: string;
  readonly resource: string;
  readonly origin: ChannelOrigin;
  readonly creationtime: number;
  readonly timers: TimerGroup;
  readonly control: ControlQueue;
  readonly audio: IncomingAudio;
  state: ChannelState;
  caller: PartyId;
  connected: PartyId;
  accountcode = '';
  dialplan: DialplanLocation;
  language: string;
  protocolId: string;
  readonly vars = new Map<string, string>();
  /** App name -> subscription count (originate, Stasis membership...). */
  readonly subscriptions = new Map<string, number>();
  /** Set while the channel is in a Stasis app. */
  stasis: { app: string; args: string[] } | undefined;
  /** Bridge id while bridged. */
  bridgeId: string | undefined;
  /** The other half of a Local channel pair. */
  localPeer: Channel | undefined;
  /** 1 or 2 for Local halves. */
  localHalf: 1 | 2 | undefined;
  /** Dialstring saved by POST /channels/create, needed by POST /dial. */
  dialstring: string | undefined;
  /** Set once POST /dial (or originate) has called the far end. */
  dialed = false;
  /** none -> hanging-up -> destroyed. */
  phase: 'live' | 'hanging-up' | 'destroyed' = 'live';
  /** Cause ChannelDestroyed will carry. */
  hangupCause = 16;
  readonly heard: HeardMedia = { moh: undefined, ringing: 'none', playbackId: undefined, playbackAudible: false };
  /** Talk detection parameters once TALK_DETECT(set) was written. */
  talkDetect: { silenceMs: number } | undefined;
  /** Runs when the channel is torn down (dialplan apps finishing, detectors stopping). */
  readonly cleanups: (() => void)[] = [];
  private readonly listeners = new Set<(signal: ChannelSignal) => void>();

  constructor(init: ChannelInit) {
    this.id = init.id;
    this.name = init.name;
    this.tech = init.tech;
    this.resource = init.resource;
    this.origin = init.origin;
    this.creationtime = init.creationtime;
    this.timers = init.timers;
    this.state = init.state;
    this.dialplan = { ...init.dialplan };
    this.language = init.language ?? 'en';
    this.caller = init.caller ?? { name: '', number: '' };
    this.connected = init.connected ?? { name: '', number: '' };
    this.protocolId = init.protocolId ?? '';
    this.control = new ControlQueue(init.onControlError);
    this.audio = new IncomingAudio(init.continuousMedia);
  }

  /** True until hangup starts. */
  get live(): boolean {
    return this.phase === 'live';
  }

  /** Listens to internal signals; returns the unsubscribe function. */
  on(listener: (signal: ChannelSignal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Notifies internal listeners. */
  signal(signal: ChannelSignal): void {
    for (const listener of [...this.listeners]) listener(signal);
  }

  /** Drops all internal listeners (after destruction). */
  clearListeners(): void {
    this.listeners.clear();
  }

  /** Apps subscribed to this channel's events. */
  subscribedApps(): string[] {
    return [...this.subscriptions.entries()].filter(([, n]) => n > 0).map(([app]) => app);
  }

  /** Adds (or removes, with -1) one subscription of app. */
  subscribe(app: string, delta = 1): void {
    const n = (this.subscriptions.get(app) ?? 0) + delta;
    if (n > 0) this.subscriptions.set(app, n);
    else this.subscriptions.delete(app);
  }

  /** Moves the dialplan location (priority and app) as a dialplan app starts. */
  setDialplanApp(appName: string, appData: string, priority = this.dialplan.priority): void {
    this.dialplan = { ...this.dialplan, priority, app_name: appName, app_data: appData };
  }
}

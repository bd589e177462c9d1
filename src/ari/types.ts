/**
 * ARI resource and event shapes we use, as Asterisk 22 sends them (field
 * names checked against ../shared/asterisk-traces). Events we do not list
 * still arrive (typed as OtherEvent) and are ignored by the router.
 */

/** Caller or connected-line identity. */
export interface CallerId {
  name: string;
  number: string;
}

/** Where a channel is in the dialplan. */
export interface DialplanCep {
  context: string;
  exten: string;
  priority: number;
  app_name?: string;
  app_data?: string;
}

/** A channel as ARI describes it. */
export interface Channel {
  id: string;
  name: string;
  state: string;
  protocol_id?: string;
  caller: CallerId;
  connected: CallerId;
  accountcode: string;
  dialplan: DialplanCep;
  creationtime: string;
  language: string;
  channelvars?: Record<string, string>;
}

/** A playback's state on the wire; "failed" covers missing files and hangups. */
export type PlaybackState = 'queued' | 'playing' | 'continuing' | 'paused' | 'done' | 'failed' | 'cancelled' | 'stopped';

/** A playback resource. */
export interface Playback {
  id: string;
  media_uri: string;
  next_media_uri?: string;
  target_uri: string;
  language: string;
  state: PlaybackState;
}

/** A mixing or holding bridge. */
export interface Bridge {
  id: string;
  technology: string;
  bridge_type: string;
  bridge_class: string;
  creator: string;
  name: string;
  channels: string[];
  creationtime?: string;
}

/** A live recording. */
export interface LiveRecording {
  name: string;
  format: string;
  state: 'queued' | 'recording' | 'paused' | 'done' | 'failed' | 'canceled';
  target_uri: string;
  duration?: number;
  talking_duration?: number;
  silence_duration?: number;
  cause?: string;
}

/** A stored recording. */
export interface StoredRecording {
  name: string;
  format: string;
}

/** GET /applications/{app}. */
export interface Application {
  name: string;
  channel_ids: string[];
  bridge_ids: string[];
  endpoint_ids: string[];
  device_names: string[];
}

interface EventBase {
  timestamp?: string;
  asterisk_id?: string;
  application?: string;
}
interface ChannelEventBase extends EventBase {
  channel: Channel;
}

/** A channel entered our Stasis app. */
export interface StasisStartEvent extends ChannelEventBase {
  type: 'StasisStart';
  args: string[];
  replace_channel?: Channel;
}
/** A channel left our Stasis app (hangup or continue). */
export interface StasisEndEvent extends ChannelEventBase {
  type: 'StasisEnd';
}
/** A channel is gone, with its Q.850 cause. */
export interface ChannelDestroyedEvent extends ChannelEventBase {
  type: 'ChannelDestroyed';
  cause: number;
  cause_txt: string;
}
/** Someone asked for a hangup (cause 32 when we did it over ARI). */
export interface ChannelHangupRequestEvent extends ChannelEventBase {
  type: 'ChannelHangupRequest';
  cause?: number;
  soft?: boolean;
}
/** Channel state changed (Ring, Ringing, Up, ...). */
export interface ChannelStateChangeEvent extends ChannelEventBase {
  type: 'ChannelStateChange';
}
/** One key pressed. */
export interface ChannelDtmfReceivedEvent extends ChannelEventBase {
  type: 'ChannelDtmfReceived';
  digit: string;
  duration_ms: number;
}
/** TALK_DETECT: speech started. */
export interface ChannelTalkingStartedEvent extends ChannelEventBase {
  type: 'ChannelTalkingStarted';
}
/** TALK_DETECT: speech ended (duration in ms). */
export interface ChannelTalkingFinishedEvent extends ChannelEventBase {
  type: 'ChannelTalkingFinished';
  duration: number;
}
/** A channel variable was set. */
export interface ChannelVarsetEvent extends EventBase {
  type: 'ChannelVarset';
  variable: string;
  value: string;
  channel?: Channel;
}
/** Playback lifecycle. */
export interface PlaybackEvent extends EventBase {
  type: 'PlaybackStarted' | 'PlaybackContinuing' | 'PlaybackFinished';
  playback: Playback;
}
/** Recording lifecycle. */
export interface RecordingEvent extends EventBase {
  type: 'RecordingStarted' | 'RecordingFinished' | 'RecordingFailed';
  recording: LiveRecording;
}
/** Dial progress for a peer channel (dialstatus "", RINGING, ANSWER, BUSY, ...). */
export interface DialEvent extends EventBase {
  type: 'Dial';
  dialstatus: string;
  dialstring?: string;
  forward?: string;
  peer: Channel;
  caller?: Channel;
}
/** Bridge membership changes. */
export interface BridgeMembershipEvent extends ChannelEventBase {
  type: 'ChannelEnteredBridge' | 'ChannelLeftBridge';
  bridge: Bridge;
}
/** A bridge was destroyed. */
export interface BridgeDestroyedEvent extends EventBase {
  type: 'BridgeDestroyed';
  bridge: Bridge;
}
/** Any event we do not model. */
/** A device state name as ARI reports it (ast_devstate_str). */
export type DeviceStateValue =
  | 'UNKNOWN'
  | 'NOT_INUSE'
  | 'INUSE'
  | 'BUSY'
  | 'INVALID'
  | 'UNAVAILABLE'
  | 'RINGING'
  | 'RINGINUSE'
  | 'ONHOLD';

/** ARI DeviceState object. */
export interface DeviceState {
  name: string;
  state: DeviceStateValue;
}

/** ARI Endpoint object. */
export interface Endpoint {
  technology: string;
  resource: string;
  /** online, offline or unknown. */
  state?: string;
  channel_ids: string[];
}

/** DeviceStateChanged: sent to apps subscribed to deviceState:NAME. */
export interface DeviceStateChangedEvent extends EventBase {
  type: 'DeviceStateChanged';
  device_state: DeviceState;
}

export interface OtherEvent extends EventBase {
  type: 'Other';
  originalType: string;
  raw: Record<string, unknown>;
}

/** Every event the client hands out. */
export type AriEvent =
  | StasisStartEvent
  | StasisEndEvent
  | ChannelDestroyedEvent
  | ChannelHangupRequestEvent
  | ChannelStateChangeEvent
  | ChannelDtmfReceivedEvent
  | ChannelTalkingStartedEvent
  | ChannelTalkingFinishedEvent
  | ChannelVarsetEvent
  | PlaybackEvent
  | RecordingEvent
  | DialEvent
  | BridgeMembershipEvent
  | BridgeDestroyedEvent
  | DeviceStateChangedEvent
  | OtherEvent;

const KNOWN = new Set<string>([
  'StasisStart', 'StasisEnd', 'ChannelDestroyed', 'ChannelHangupRequest', 'ChannelStateChange',
  'ChannelDtmfReceived', 'ChannelTalkingStarted', 'ChannelTalkingFinished', 'ChannelVarset',
  'PlaybackStarted', 'PlaybackContinuing', 'PlaybackFinished', 'RecordingStarted', 'RecordingFinished',
  'RecordingFailed', 'Dial', 'ChannelEnteredBridge', 'ChannelLeftBridge', 'BridgeDestroyed',
  'DeviceStateChanged',
]);

/** Turns a decoded WebSocket message into an AriEvent (unknown types become OtherEvent). */
export function toAriEvent(raw: Record<string, unknown>): AriEvent | undefined {
  const type = raw['type'];
  if (typeof type !== 'string') return undefined;
  if (KNOWN.has(type)) return carriesItsObject(type, raw) ? (raw as unknown as AriEvent) : undefined;
  return { type: 'Other', originalType: type, raw };
}

/** The object each known event names (Asterisk always sends it): one without it is dropped, never routed into a TypeError. */
const CARRIES: Record<string, [field: string, key: string]> = {
  PlaybackStarted: ['playback', 'id'], PlaybackContinuing: ['playback', 'id'], PlaybackFinished: ['playback', 'id'],
  RecordingStarted: ['recording', 'name'], RecordingFinished: ['recording', 'name'], RecordingFailed: ['recording', 'name'],
  Dial: ['peer', 'id'], BridgeDestroyed: ['bridge', 'id'], DeviceStateChanged: ['device_state', 'name'],
};

function carriesItsObject(type: string, raw: Record<string, unknown>): boolean {
  if (type === 'ChannelVarset' && raw['channel'] === undefined) return true; // a global variable
  const [field, key] = CARRIES[type] ?? ['channel', 'id'];
  const o = raw[field];
  return typeof o === 'object' && o !== null && typeof (o as Record<string, unknown>)[key] === 'string';
}

/** Channel id an event concerns, for routing (Dial routes to its peer). */
export function channelIdOf(event: AriEvent): string | undefined {
  switch (event.type) {
    case 'Dial':
      return event.peer?.id;
    case 'PlaybackStarted':
    case 'PlaybackContinuing':
    case 'PlaybackFinished':
    case 'RecordingStarted':
    case 'RecordingFinished':
    case 'RecordingFailed':
    case 'BridgeDestroyed':
    case 'DeviceStateChanged':
    case 'Other':
      return undefined;
    case 'ChannelVarset':
      return event.channel?.id;
    default:
      return event.channel.id;
  }
}

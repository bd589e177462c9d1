/**
 * The JSON objects ARI puts in responses and events, with Asterisk's field
 * names and order: Channel, Bridge, Playback, LiveRecording, StoredRecording.
 */
import { asteriskTimestamp } from '../core/time-format.js';
import type { Channel } from './channel.js';

/** ARI Channel object. */
export function channelJson(ch: Channel): Record<string, unknown> {
  return {
    id: ch.id,
    name: ch.name,
    state: ch.state,
    protocol_id: ch.protocolId,
    caller: { ...ch.caller },
    connected: { ...ch.connected },
    accountcode: ch.accountcode,
    dialplan: { ...ch.dialplan },
    creationtime: asteriskTimestamp(ch.creationtime),
    language: ch.language,
  };
}

/** Fields of a bridge the JSON needs. */
export interface BridgeShape {
  id: string;
  name: string;
  kind: 'mixing' | 'holding';
  channelIds: string[];
  creationtime: number;
}

/** ARI Bridge object. */
export function bridgeJson(b: BridgeShape): Record<string, unknown> {
  const technology = b.kind === 'holding' ? 'holding_bridge' : b.channelIds.length > 2 ? 'softmix' : 'simple_bridge';
  return {
    id: b.id,
    technology,
    bridge_type: b.kind,
    bridge_class: 'stasis',
    creator: 'Stasis',
    name: b.name,
    channels: [...b.channelIds],
    creationtime: asteriskTimestamp(b.creationtime),
    video_mode: 'talker',
  };
}

/** Internal playback states (Asterisk's enum); several show as "done" on the wire. */
export type PlaybackState = 'queued' | 'playing' | 'continuing' | 'paused' | 'failed' | 'complete' | 'stopped' | 'canceled';

/** Fields of a playback the JSON needs. */
export interface PlaybackShape {
  id: string;
  medias: string[];
  index: number;
  targetUri: string;
  language: string;
  state: PlaybackState;
}

/** The state word ARI shows: stopped, canceled and complete all read "done" (res_stasis_playback.c). */
export function playbackStateText(state: PlaybackState): string {
  return state === 'complete' || state === 'stopped' || state === 'canceled' ? 'done' : state;
}

/** ARI Playback object; next_media_uri only while more media follow. */
export function playbackJson(p: PlaybackShape): Record<string, unknown> {
  const json: Record<string, unknown> = { id: p.id, media_uri: p.medias[p.index] ?? '' };
  if (p.index < p.medias.length - 1) json.next_media_uri = p.medias[p.index + 1];
  json.target_uri = p.targetUri;
  json.language = p.language;
  json.state = playbackStateText(p.state);
  return json;
}

/** Fields of a live recording the JSON needs. */
export interface RecordingShape {
  name: string;
  format: string;
  state: 'queued' | 'recording' | 'paused' | 'done' | 'failed' | 'canceled';
  targetUri: string;
  duration?: number;
  talkingDuration?: number;
  cause?: string;
}

/** ARI LiveRecording object. */
export function recordingJson(r: RecordingShape): Record<string, unknown> {
  const json: Record<string, unknown> = { name: r.name, format: r.format, state: r.state, target_uri: r.targetUri };
  if (r.duration !== undefined) json.duration = r.duration;
  if (r.duration !== undefined && r.talkingDuration !== undefined) {
    json.talking_duration = r.talkingDuration;
    json.silence_duration = r.duration - r.talkingDuration;
  }
  if (r.cause !== undefined) json.cause = r.cause;
  return json;
}

/** ARI StoredRecording object. */
export function storedRecordingJson(r: { name: string; format: string }): Record<string, unknown> {
  return { name: r.name, format: r.format };
}

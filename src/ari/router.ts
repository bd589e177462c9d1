/**
 * Per-resource event routing with O(1) dispatch: listeners keyed by channel
 * id, playback id and recording name. Channel listeners are dropped
 * automatically when the channel's StasisEnd or ChannelDestroyed has been
 * delivered, so a finished call can never leak a listener.
 * A channel's listeners are an array replaced (never changed) on subscribe
 * and unsubscribe: dispatch walks the array it finds, so a listener added or
 * removed during an event takes effect from the next event, without copying
 * the listeners for every event (subscriptions are far rarer than events).
 */
import { channelIdOf, type AriEvent, type PlaybackEvent, type RecordingEvent } from './types.js';

/** A function that receives routed events. */
export type Listener<E> = (event: E) => void;

/** Routes ARI events to the listeners of the resource they concern. */
export class EventRouter {
  private readonly channels = new Map<string, readonly Listener<AriEvent>[]>();
  private readonly playbacks = new Map<string, Listener<PlaybackEvent>>();
  private readonly recordings = new Map<string, Listener<RecordingEvent>>();

  /** Subscribes to one channel's events; returns the unsubscribe function. */
  onChannel(channelId: string, listener: Listener<AriEvent>): () => void {
    const list = this.channels.get(channelId);
    // The same function twice counts once, as it did in a Set.
    if (!list) this.channels.set(channelId, [listener]);
    else if (!list.includes(listener)) this.channels.set(channelId, [...list, listener]);
    return () => {
      const l = this.channels.get(channelId);
      if (!l) return;
      const i = l.indexOf(listener);
      if (i < 0) return;
      if (l.length === 1) this.channels.delete(channelId);
      else this.channels.set(channelId, [...l.slice(0, i), ...l.slice(i + 1)]);
    };
  }

  /** Subscribes to one playback's events (registered before the play request: staged playback). */
  onPlayback(playbackId: string, listener: Listener<PlaybackEvent>): () => void {
    this.playbacks.set(playbackId, listener);
    return () => {
      if (this.playbacks.get(playbackId) === listener) this.playbacks.delete(playbackId);
    };
  }

  /** Subscribes to one recording's events. */
  onRecording(name: string, listener: Listener<RecordingEvent>): () => void {
    this.recordings.set(name, listener);
    return () => {
      if (this.recordings.get(name) === listener) this.recordings.delete(name);
    };
  }

  /** Delivers an event; returns true if some listener took it. */
  dispatch(event: AriEvent): boolean {
    switch (event.type) {
      case 'PlaybackStarted':
      case 'PlaybackContinuing':
      case 'PlaybackFinished': {
        const l = this.playbacks.get(event.playback.id);
        l?.(event);
        return l !== undefined;
      }
      case 'RecordingStarted':
      case 'RecordingFinished':
      case 'RecordingFailed': {
        const l = this.recordings.get(event.recording.name);
        l?.(event);
        return l !== undefined;
      }
      default:
        break;
    }
    const id = channelIdOf(event);
    if (id === undefined) return false;
    const list = this.channels.get(id);
    if (!list) return false;
    for (const l of list) l(event);
    if (event.type === 'StasisEnd' || event.type === 'ChannelDestroyed') this.channels.delete(id);
    return true;
  }

  /** Channel ids with listeners (re-adoption compares these with Asterisk's list). */
  channelIds(): string[] {
    return [...this.channels.keys()];
  }

  /** Listener counts, for leak checks. */
  counts(): { channels: number; channelListeners: number; playbacks: number; recordings: number } {
    let channelListeners = 0;
    for (const l of this.channels.values()) channelListeners += l.length;
    return { channels: this.channels.size, channelListeners, playbacks: this.playbacks.size, recordings: this.recordings.size };
  }
}

/**
 * Per-resource event routing with O(1) dispatch: listeners keyed by channel
 * id, playback id and recording name. Channel listeners are dropped
 * automatically when the channel's StasisEnd or ChannelDestroyed has been
 * delivered, so a finished call can never leak a listener.
 */
import { channelIdOf, type AriEvent, type PlaybackEvent, type RecordingEvent } from './types.js';

/** A function that receives routed events. */
export type Listener<E> = (event: E) => void;

/** Routes ARI events to the listeners of the resource they concern. */
export class EventRouter {
  private readonly channels = new Map<string, Set<Listener<AriEvent>>>();
  private readonly playbacks = new Map<string, Listener<PlaybackEvent>>();
  private readonly recordings = new Map<string, Listener<RecordingEvent>>();

  /** Subscribes to one channel's events; returns the unsubscribe function. */
  onChannel(channelId: string, listener: Listener<AriEvent>): () => void {
    let set = this.channels.get(channelId);
    if (!set) {
      set = new Set();
      this.channels.set(channelId, set);
    }
    set.add(listener);
    return () => {
      const s = this.channels.get(channelId);
      if (!s) return;
      s.delete(listener);
      if (s.size === 0) this.channels.delete(channelId);
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
    const set = this.channels.get(id);
    if (!set) return false;
    for (const l of [...set]) l(event);
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
    for (const s of this.channels.values()) channelListeners += s.size;
    return { channels: this.channels.size, channelListeners, playbacks: this.playbacks.size, recordings: this.recordings.size };
  }
}

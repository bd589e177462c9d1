/**
 * The small interface flows and the call runtime depend on: one channel and
 * what can be done to it. The real client implements it over ARI; nothing
 * above this layer touches HTTP or WebSocket.
 */
import type { AriEvent, Channel } from './types.js';

/** How a playback ended. "watchdog": it never finished and was stopped by us. */
export type PlayStatus = 'finished' | 'stopped' | 'failed' | 'hangup' | 'watchdog';

/** Outcome of play(). */
export interface PlayResult {
  status: PlayStatus;
  playbackId: string;
  /** Why it failed, when it did. */
  detail?: string;
  /** Asterisk refused or never answered the request (an ARI error), as opposed to media that failed to play. */
  rejected?: boolean;
}

/** Options for play(). */
export interface PlayOptions {
  /** Asterisk language code for sound: media (e.g. zh_CN). */
  lang?: string;
  /**
   * Give up on a playback still playing this long after its PlaybackStarted
   * (default 30 s); with expectedMs the limit scales with the prompt instead.
   */
  watchdogMs?: number;
  /**
   * The prompt's known length: the watchdog then allows 2.5x it plus 3 s
   * from PlaybackStarted (a saturated PBX was measured at 1.96x), and asks
   * Asterisk about a playback that overruns its length, so a lost
   * PlaybackFinished costs about a second, not the whole margin.
   */
  expectedMs?: number;
  /** How long after Asterisk accepted the playback its PlaybackStarted may take (default 3 s). */
  startTimeoutMs?: number;
  /** Aborting stops the playback (e.g. the caller pressed a key). */
  signal?: AbortSignal;
}

/** How a recording ended. */
export interface RecordResult {
  status: 'done' | 'failed' | 'hangup' | 'watchdog';
  name: string;
  durationSec?: number;
  talkingSec?: number;
}

/** Options for record(). */
export interface RecordOptions {
  name: string;
  maxDurationSeconds: number;
  maxSilenceSeconds: number;
  beep?: boolean;
  terminateOn?: 'none' | 'any' | '*' | '#';
}

/** Options for dial(). */
export interface DialOptions {
  /** Channel id of the caller this dial is for (ARI's `caller`, for connected line). */
  callerId?: string;
  timeoutSeconds: number;
}

/** One channel in our Stasis app. */
export interface ChannelHandle {
  readonly id: string;
  /** The channel as it was when it entered Stasis (or was created). */
  readonly snapshot: Channel;
  /** True once StasisEnd/ChannelDestroyed was seen or a request found it gone. */
  readonly ended: boolean;
  /** Cause from the hangup request, when known (16 normal, 17 busy, 19 no answer, 32 ARI). */
  readonly hangupCause: number | undefined;
  /** Resolves when the channel has left our app. */
  readonly endedPromise: Promise<void>;
  answer(): Promise<void>;
  /** Hangs up; a channel that is already gone is not an error. */
  hangup(reason?: 'normal' | 'busy' | 'congestion' | 'no_answer'): Promise<void>;
  play(media: string, opts?: PlayOptions): Promise<PlayResult>;
  startMoh(mohClass?: string): Promise<void>;
  stopMoh(): Promise<void>;
  startRinging(): Promise<void>;
  stopRinging(): Promise<void>;
  setVariable(name: string, value: string): Promise<void>;
  record(opts: RecordOptions): Promise<RecordResult>;
  dial(opts: DialOptions): Promise<void>;
  /** Subscribes to this channel's events; removed automatically when it ends. */
  onEvent(listener: (event: AriEvent) => void): () => void;
}

/**
 * ChannelHandle over ARI. Playback is staged (id chosen and listener attached
 * before the request), and every play or record ends in a result, never an
 * exception: a watchdog ends playbacks Asterisk never finishes (the errors
 * trace shows an unsupported media scheme playing forever).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import type { RestClient } from './rest.js';
import type { EventRouter } from './router.js';
import { isChannelGone } from './errors.js';
import type { AriEvent, Channel } from './types.js';
import type {
  ChannelHandle, DialOptions, PlayOptions, PlayResult, PlayStatus, RecordOptions, RecordResult,
} from './channel-handle.js';

const DEFAULT_PLAY_WATCHDOG_MS = 30_000;

/** Real ChannelHandle backed by the REST client and the event router. */
export class AriChannel implements ChannelHandle {
  private endedFlag = false;
  private hangupRequested = false;
  private cause: number | undefined;
  private resolveEnded!: () => void;
  readonly endedPromise: Promise<void>;

  constructor(
    readonly snapshot: Channel,
    private readonly rest: RestClient,
    private readonly router: EventRouter,
    private readonly clock: Clock,
  ) {
    this.endedPromise = new Promise<void>((r) => (this.resolveEnded = r));
    router.onChannel(snapshot.id, (e) => this.track(e));
  }

  get id(): string {
    return this.snapshot.id;
  }
  get ended(): boolean {
    return this.endedFlag;
  }
  get hangupCause(): number | undefined {
    return this.cause;
  }

  /** Marks the channel gone (from events, from a 404, or after re-adoption found it missing). */
  markEnded(): void {
    if (this.endedFlag) return;
    this.endedFlag = true;
    this.resolveEnded();
  }

  private track(e: AriEvent): void {
    if (e.type === 'ChannelHangupRequest') {
      this.hangupRequested = true;
      if (e.cause !== undefined && this.cause === undefined) this.cause = e.cause;
    } else if (e.type === 'ChannelDestroyed') {
      if (this.cause === undefined) this.cause = e.cause;
      this.markEnded();
    } else if (e.type === 'StasisEnd') {
      this.markEnded();
    }
  }

  private async call(method: string, suffix: string, query?: Record<string, string | number | boolean | undefined>, body?: unknown): Promise<unknown> {
    try {
      return await this.rest.request(method, `/channels/${encodeURIComponent(this.id)}${suffix}`, query, body);
    } catch (err) {
      if (isChannelGone(err)) this.markEnded();
      throw err;
    }
  }

  async answer(): Promise<void> {
    await this.call('POST', '/answer');
  }

  async hangup(reason: 'normal' | 'busy' | 'congestion' | 'no_answer' = 'normal'): Promise<void> {
    if (this.endedFlag) return;
    try {
      await this.call('DELETE', '', { reason });
    } catch (err) {
      if (!isChannelGone(err)) throw err;
    }
  }

  play(media: string, opts: PlayOptions = {}): Promise<PlayResult> {
    const playbackId = `pb-${randomUUID()}`;
    if (this.endedFlag) return Promise.resolve({ status: 'hangup', playbackId });
    if (opts.signal?.aborted) return Promise.resolve({ status: 'stopped', playbackId });
    return new Promise<PlayResult>((resolve) => {
      let settled = false;
      const stop = (): void => {
        this.rest.request('DELETE', `/playbacks/${playbackId}`).catch(() => undefined);
      };
      const done = (status: PlayStatus, detail?: string): void => {
        if (settled) return;
        settled = true;
        offPlayback();
        offChannel();
        this.clock.clearTimeout(watchdog);
        opts.signal?.removeEventListener('abort', onAbort);
        resolve(detail === undefined ? { status, playbackId } : { status, playbackId, detail });
      };
      // Staged: listen first, so a PlaybackFinished that overtakes the 201 is not missed.
      const offPlayback = this.router.onPlayback(playbackId, (e) => {
        if (e.type !== 'PlaybackFinished') return;
        const state = e.playback.state;
        if (state === 'done') done('finished');
        else if (state === 'failed') done(this.hangupRequested ? 'hangup' : 'failed', `playback ${state}`);
        else done('stopped');
      });
      const offChannel = this.router.onChannel(this.id, (e) => {
        if (e.type === 'StasisEnd' || e.type === 'ChannelDestroyed') done('hangup');
      });
      const watchdog = this.clock.setTimeout(() => {
        stop();
        done('watchdog', `no PlaybackFinished within ${opts.watchdogMs ?? DEFAULT_PLAY_WATCHDOG_MS} ms`);
      }, opts.watchdogMs ?? DEFAULT_PLAY_WATCHDOG_MS);
      const onAbort = (): void => {
        stop();
        done('stopped');
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.call('POST', `/play/${playbackId}`, { media, lang: opts.lang }).catch((err: unknown) => {
        done(isChannelGone(err) ? 'hangup' : 'failed', err instanceof Error ? err.message : String(err));
      });
    });
  }

  async startMoh(mohClass = 'default'): Promise<void> {
    await this.call('POST', '/moh', { mohClass });
  }

  async stopMoh(): Promise<void> {
    await this.call('DELETE', '/moh');
  }

  async startRinging(): Promise<void> {
    await this.call('POST', '/ring');
  }

  async stopRinging(): Promise<void> {
    await this.call('DELETE', '/ring');
  }

  async setVariable(name: string, value: string): Promise<void> {
    await this.call('POST', '/variable', { variable: name, value });
  }

  record(opts: RecordOptions): Promise<RecordResult> {
    const name = opts.name;
    if (this.endedFlag) return Promise.resolve({ status: 'hangup', name });
    return new Promise<RecordResult>((resolve) => {
      let settled = false;
      const done = (r: RecordResult): void => {
        if (settled) return;
        settled = true;
        offRec();
        offChannel();
        this.clock.clearTimeout(watchdog);
        resolve(r);
      };
      const offRec = this.router.onRecording(name, (e) => {
        if (e.type === 'RecordingFinished') {
          const r: RecordResult = { status: 'done', name };
          if (e.recording.duration !== undefined) r.durationSec = e.recording.duration;
          if (e.recording.talking_duration !== undefined) r.talkingSec = e.recording.talking_duration;
          done(r);
        } else if (e.type === 'RecordingFailed') {
          done({ status: 'failed', name });
        }
      });
      const offChannel = this.router.onChannel(this.id, (e) => {
        if (e.type === 'StasisEnd' || e.type === 'ChannelDestroyed') done({ status: 'hangup', name });
      });
      const watchdog = this.clock.setTimeout(() => {
        this.rest.request('POST', `/recordings/live/${encodeURIComponent(name)}/stop`).catch(() => undefined);
        done({ status: 'watchdog', name });
      }, (opts.maxDurationSeconds + 5) * 1000);
      this.call('POST', '/record', {
        name,
        format: 'wav',
        maxDurationSeconds: opts.maxDurationSeconds,
        maxSilenceSeconds: opts.maxSilenceSeconds,
        ifExists: 'overwrite',
        beep: opts.beep ?? true,
        terminateOn: opts.terminateOn ?? '#',
      }).catch((err: unknown) => done({ status: isChannelGone(err) ? 'hangup' : 'failed', name }));
    });
  }

  async dial(opts: DialOptions): Promise<void> {
    await this.call('POST', '/dial', { caller: opts.callerId, timeout: opts.timeoutSeconds });
  }

  onEvent(listener: (event: AriEvent) => void): () => void {
    if (this.endedFlag) return () => undefined;
    return this.router.onChannel(this.id, listener);
  }
}

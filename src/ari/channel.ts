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
import { AriDisconnectedError, isChannelGone } from './errors.js';
import type { AriEvent, Channel } from './types.js';
import { mediaProblem, nameProblem } from '../security/safe-names.js';
import type {
  ChannelHandle, DialOptions, PlayOptions, PlayResult, PlayStatus, RecordOptions, RecordResult,
} from './channel-handle.js';

const DEFAULT_PLAY_WATCHDOG_MS = 30_000;

/**
 * Waits until the event socket is back (true) or gives up after ms (false).
 * Calls ride out short ARI outages with it instead of racing through their
 * script while every request fails.
 */
export type WaitOnline = (ms: number) => Promise<boolean>;

/** Real ChannelHandle backed by the REST client and the event router. */
export class AriChannel implements ChannelHandle {
  /** /channels/{id}, encoded once per channel rather than per command. */
  private readonly path: string;
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
    private readonly waitOnline?: WaitOnline,
    private readonly outageGraceMs = 30_000,
  ) {
    this.path = `/channels/${encodeURIComponent(snapshot.id)}`;
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

  private async call(method: string, suffix: string, query?: Record<string, string | number | boolean | undefined>, body?: unknown): Promise<void> {
    const path = suffix.length === 0 ? this.path : this.path + suffix;
    try {
      // Every channel command is answered by its status alone: its body is not parsed.
      await this.rest.command(method, path, query, body);
      return;
    } catch (err) {
      if (isChannelGone(err)) this.markEnded();
      // The REST client fails fast while offline; a call waits for the
      // reconnect (bounded) and tries once more, so a short outage pauses
      // the caller's flow instead of skipping it.
      if (err instanceof AriDisconnectedError && this.waitOnline && !this.endedFlag) {
        if (await this.waitOnline(this.outageGraceMs)) {
          if (this.endedFlag) throw err;
          try {
            await this.rest.command(method, path, query, body);
            return;
          } catch (again) {
            if (isChannelGone(again)) this.markEnded();
            throw again;
          }
        }
      }
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
    // The one gate before Asterisk for what is played (src/security/safe-names.ts).
    const refused = mediaProblem(media);
    if (refused !== undefined) return Promise.resolve({ status: 'failed', playbackId, detail: `media refused: ${refused}` });
    return new Promise<PlayResult>((resolve) => {
      let settled = false;
      const stop = (): void => {
        this.rest.command('DELETE', `/playbacks/${playbackId}`).catch(() => undefined);
      };
      let watchdog: ReturnType<Clock['setTimeout']> | undefined;
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
      const onAbort = (): void => {
        stop();
        done('stopped');
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const watchdogMs = opts.watchdogMs ?? DEFAULT_PLAY_WATCHDOG_MS;
      this.call('POST', `/play/${playbackId}`, { media, lang: opts.lang }).then(
        () => {
          // Armed once Asterisk has accepted the playback, so time spent
          // waiting out an outage does not count against the prompt.
          if (settled) return;
          watchdog = this.clock.setTimeout(() => {
            stop();
            done('watchdog', `no PlaybackFinished within ${watchdogMs} ms`);
          }, watchdogMs);
        },
        (err: unknown) => done(isChannelGone(err) ? 'hangup' : 'failed', err instanceof Error ? err.message : String(err)),
      );
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
    // A recording name becomes a file under Asterisk's recordings folder: the gate first.
    if (nameProblem('recording-name', name) !== undefined) return Promise.resolve({ status: 'failed', name });
    return new Promise<RecordResult>((resolve) => {
      let settled = false;
      let watchdog: ReturnType<Clock['setTimeout']> | undefined;
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
      const armWatchdog = (): void => {
        if (settled) return;
        watchdog = this.clock.setTimeout(() => {
          this.rest.command('POST', `/recordings/live/${encodeURIComponent(name)}/stop`).catch(() => undefined);
          done({ status: 'watchdog', name });
        }, (opts.maxDurationSeconds + 5) * 1000);
      };
      this.call('POST', '/record', {
        name,
        format: 'wav',
        maxDurationSeconds: opts.maxDurationSeconds,
        maxSilenceSeconds: opts.maxSilenceSeconds,
        ifExists: 'overwrite',
        beep: opts.beep ?? true,
        terminateOn: opts.terminateOn ?? '#',
      }).then(armWatchdog, (err: unknown) => done({ status: isChannelGone(err) ? 'hangup' : 'failed', name }));
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

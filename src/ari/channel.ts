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
import { AriDisconnectedError, AriHttpError, AriLinkLostError, isChannelGone } from './errors.js';
import type { AriEvent, Channel } from './types.js';
import { mediaProblem, nameProblem } from '../security/safe-names.js';
import type {
  ChannelHandle, DialOptions, PlayOptions, PlayResult, PlayStatus, RecordOptions, RecordResult,
} from './channel-handle.js';

const DEFAULT_PLAY_WATCHDOG_MS = 30_000;
/** A PlaybackStarted normally follows the 201 within milliseconds; a queued playback behind a stuck one never starts. */
const DEFAULT_PLAY_START_TIMEOUT_MS = 3_000;
/** Slow is not stuck: a saturated Asterisk played prompts at up to 1.96x their length (#12). */
const PLAY_LENGTH_FACTOR = 2.5;
const PLAY_MARGIN_MS = 3_000;
/** After a prompt's length (+1 s), how often we ask Asterisk whether it is still playing. */
const PLAY_CHECK_EVERY_MS = 2_000;

/**
 * Watchdog limits of one playback (see PlayOptions). Only a prompt of known
 * length is asked about: one that played its length and is gone has ended
 * (its PlaybackFinished was lost); of an unknown one we cannot say that.
 */
function playLimits(opts: PlayOptions): { hardMs: number; firstCheckMs: number } {
  if (opts.expectedMs !== undefined) {
    return { hardMs: opts.expectedMs * PLAY_LENGTH_FACTOR + PLAY_MARGIN_MS, firstCheckMs: opts.expectedMs + 1_000 };
  }
  const hardMs = opts.watchdogMs ?? DEFAULT_PLAY_WATCHDOG_MS;
  return { hardMs, firstCheckMs: hardMs };
}

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
      if (isChannelGone(err)) {
        if (!this.endedFlag && (await this.stillThere())) {
          // A 404 while Asterisk still lists the channel is a failed request, not a hang-up.
          throw new AriHttpError(404, err.method, err.path, err.ariMessage);
        }
        this.markEnded();
      }
      // The REST client fails fast while offline, and a request whose
      // connection was lost under it fails too; a call waits for the
      // reconnect (bounded) and tries once more, so a short outage pauses
      // the caller's flow instead of skipping it.
      if ((err instanceof AriDisconnectedError || err instanceof AriLinkLostError) && this.waitOnline && !this.endedFlag) {
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

  /**
   * After a 404 "Channel not found" with no StasisEnd seen: true when
   * Asterisk still has the channel (the 404 was a fault, not a hang-up).
   * Any doubt (another 404, no answer) counts as gone, as before.
   */
  private async stillThere(): Promise<boolean> {
    try {
      await this.rest.request('GET', `/channels/${encodeURIComponent(this.id)}`);
      return !this.endedFlag;
    } catch {
      return false;
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
      let started = false;
      const stop = (): void => {
        this.rest.command('DELETE', `/playbacks/${playbackId}`).catch(() => undefined);
      };
      // One watchdog timer at a time: first the start timeout, then the length checks and the hard limit.
      let watchdog: ReturnType<Clock['setTimeout']> | undefined;
      const limits = playLimits(opts);
      let startedAt = 0;
      const done = (status: PlayStatus, detail?: string, rejected = false): void => {
        if (settled) return;
        settled = true;
        offPlayback();
        offChannel();
        this.clock.clearTimeout(watchdog);
        opts.signal?.removeEventListener('abort', onAbort);
        const r: PlayResult = detail === undefined ? { status, playbackId } : { status, playbackId, detail };
        if (rejected) r.rejected = true;
        resolve(r);
      };
      const state = async (): Promise<string> => {
        try {
          const pb = await this.rest.request<{ state?: string }>('GET', `/playbacks/${playbackId}`);
          return pb.state ?? 'unknown';
        } catch (err) {
          return err instanceof AriHttpError && err.status === 404 ? 'gone' : 'unknown';
        }
      };
      // Timed from PlaybackStarted, so a slow start or a queue ahead of it does not count against the prompt.
      const onStarted = (): void => {
        if (started || settled) return;
        started = true;
        startedAt = this.clock.now();
        this.clock.clearTimeout(watchdog);
        watchdog = this.clock.setTimeout(check, limits.firstCheckMs);
      };
      const check = (): void => {
        watchdog = undefined;
        const elapsed = this.clock.now() - startedAt;
        if (elapsed >= limits.hardMs) {
          stop();
          done('watchdog', `still playing ${Math.round(elapsed)} ms after PlaybackStarted`);
          return;
        }
        void state().then((s) => {
          if (settled) return;
          // Gone without a PlaybackFinished reaching us: it ended, the event was lost.
          if (s === 'gone') return done('finished', 'PlaybackFinished lost; Asterisk no longer has the playback');
          const left = limits.hardMs - (this.clock.now() - startedAt);
          watchdog = this.clock.setTimeout(check, Math.max(0, Math.min(PLAY_CHECK_EVERY_MS, left)));
        });
      };
      const onStartTimeout = (): void => {
        watchdog = undefined;
        void state().then((s) => {
          if (settled || started) return;
          // Playing, and only its PlaybackStarted was lost: time it from now.
          if (s === 'playing' || s === 'continuing') return onStarted();
          stop();
          done('watchdog', `no PlaybackStarted within ${opts.startTimeoutMs ?? DEFAULT_PLAY_START_TIMEOUT_MS} ms (playback ${s})`);
        });
      };
      // Staged: listen first, so a PlaybackFinished that overtakes the 201 is not missed.
      const offPlayback = this.router.onPlayback(playbackId, (e) => {
        if (e.type === 'PlaybackStarted') return onStarted();
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
      this.call('POST', `/play/${playbackId}`, { media, lang: opts.lang }).then(
        () => {
          // Armed once Asterisk has accepted the playback, so time spent
          // waiting out an outage does not count against the prompt.
          if (settled || started) return;
          watchdog = this.clock.setTimeout(onStartTimeout, opts.startTimeoutMs ?? DEFAULT_PLAY_START_TIMEOUT_MS);
        },
        (err: unknown) => done(isChannelGone(err) ? 'hangup' : 'failed', err instanceof Error ? err.message : String(err), !isChannelGone(err)),
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

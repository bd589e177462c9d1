/**
 * What the caller does: keys (DTMF) and speech (TALK_DETECT), buffered so a
 * key pressed during a prompt is not lost (type-ahead), and readable with a
 * timeout on the call's clock.
 */
import type { Clock } from '../clock/clock.js';
import type { ChannelHandle } from '../ari/channel-handle.js';

/** One thing the caller did. */
export type CallerAction = { kind: 'key'; key: string; at: number } | { kind: 'speech'; at: number };

/**
 * Speech older than this with no ChannelTalkingFinished is not trusted: with
 * silence suppression or a muted phone Asterisk gets no frames, so it never
 * reports the end of speech.
 */
const STALE_SPEECH_MS = 20_000;

/** Buffers the caller's keys and tracks whether they are talking. */
export class CallerInput {
  private readonly keys: CallerAction[] = [];
  private talking = false;
  private speechSince = -1;
  /** Counts stretches of speech; the one last answered is remembered so it is not heard twice. */
  private speechSeq = 0;
  private answeredSeq = 0;
  private waiter: (() => void) | undefined;
  private readonly off: () => void;
  private keyListeners = new Set<(key: string) => void>();

  constructor(channel: ChannelHandle, private readonly clock: Clock) {
    this.off = channel.onEvent((e) => {
      if (e.type === 'ChannelDtmfReceived') {
        this.keys.push({ kind: 'key', key: e.digit, at: clock.now() });
        for (const l of [...this.keyListeners]) l(e.digit);
        this.wake();
      } else if (e.type === 'ChannelTalkingStarted') {
        this.talking = true;
        this.speechSince = clock.now();
        this.speechSeq++;
        this.wake();
      } else if (e.type === 'ChannelTalkingFinished') {
        this.talking = false;
        this.wake();
      }
    });
  }

  /** True while TALK_DETECT says the caller is speaking (and the report is not stale). */
  isTalking(): boolean {
    return this.talking && this.clock.now() - this.speechSince <= STALE_SPEECH_MS;
  }

  /** True if the caller is speaking and we have not yet answered this stretch of speech. */
  hasFreshSpeech(): boolean {
    return this.isTalking() && this.speechSeq !== this.answeredSeq;
  }

  /** How many stretches of speech have started so far (compare two readings to tell whether the caller spoke in between). */
  speechCount(): number {
    return this.speechSeq;
  }

  /** Marks the current stretch of speech as answered, so it is not "heard" twice. */
  markSpeechAnswered(): void {
    this.answeredSeq = this.speechSeq;
  }

  /** Takes the oldest buffered key, if any. */
  takeKey(): string | undefined {
    const k = this.keys.shift();
    return k && k.kind === 'key' ? k.key : undefined;
  }

  /** The oldest buffered key, left in the buffer for the question that follows. */
  peekKey(): string | undefined {
    const k = this.keys[0];
    return k && k.kind === 'key' ? k.key : undefined;
  }

  /** True if a key is waiting. */
  hasKey(): boolean {
    return this.keys.length > 0;
  }

  /** Drops buffered keys (e.g. before asking a new question whose answer must come after it). */
  clearKeys(): void {
    this.keys.length = 0;
  }

  /** Calls fn on every key as it arrives; returns the unsubscribe. */
  onKey(fn: (key: string) => void): () => void {
    this.keyListeners.add(fn);
    return () => this.keyListeners.delete(fn);
  }

  /**
   * Waits until something changes (a key, speech starting or stopping), the
   * timeout passes, or the signal aborts. Resolves 'changed' | 'timeout' | 'aborted'.
   */
  waitForChange(timeoutMs: number, signal: AbortSignal): Promise<'changed' | 'timeout' | 'aborted'> {
    if (signal.aborted) return Promise.resolve('aborted');
    return new Promise((resolve) => {
      const finish = (r: 'changed' | 'timeout' | 'aborted'): void => {
        this.clock.clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.waiter === onChange) this.waiter = undefined;
        resolve(r);
      };
      const onChange = (): void => finish('changed');
      const onAbort = (): void => finish('aborted');
      const timer = this.clock.setTimeout(() => finish('timeout'), timeoutMs);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiter = onChange;
    });
  }

  /** Ends a pending waitForChange early (its promise resolves 'changed'), clearing its timer. */
  cancelWait(): void {
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** Stops listening to the channel. */
  dispose(): void {
    this.off();
    this.keyListeners.clear();
    this.waiter = undefined;
  }
}

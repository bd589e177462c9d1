/**
 * A callback queue that is not there yet. The service must answer calls even
 * while its store cannot be opened (PostgreSQL down, a locked or corrupt
 * SQLite file): until it opens, every call to the queue rejects with the
 * reason (so the flows tell the caller the truth and connect the service
 * desk, and readiness reports it), one log line says what is wrong, and the
 * open is retried with backoff. Once open, it is the queue itself.
 */
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import { backoffDelay, type BackoffOptions } from '../ari/backoff.js';
import type { CallbackQueue } from './callback-queue.js';

/** Options for RetryingCallbackQueue. */
export interface RetryingQueueOptions {
  open: () => Promise<CallbackQueue>;
  clock: Clock;
  logger: Logger;
  /** Where the queue is, for the log lines (password masked). */
  where: string;
  backoff?: BackoffOptions;
}

/** Opens the queue in the background, retrying; delegates once open. */
export class RetryingCallbackQueue implements CallbackQueue {
  private queue: CallbackQueue | undefined;
  private lastError: Error = new Error('the callback queue is still opening');
  private timer: TimerHandle | undefined;
  private attempt = 0;
  private closed = false;
  private reported = false;
  /** Settles after the first attempt, so start-up can wait for a store that opens at once. */
  readonly firstAttempt: Promise<void>;

  constructor(private readonly o: RetryingQueueOptions) {
    this.firstAttempt = this.tryOpen();
  }

  /** True once the queue has opened. */
  get isOpen(): boolean {
    return this.queue !== undefined;
  }

  private async tryOpen(): Promise<void> {
    try {
      const q = await this.o.open();
      if (this.closed) {
        await q.close();
        return;
      }
      this.queue = q;
      if (this.reported) this.o.logger.info(`callback queue open again: ${this.o.where}`);
    } catch (err) {
      this.lastError = err instanceof Error ? err : new Error(String(err));
      // One line when it first fails, not one per retry.
      if (!this.reported) {
        this.o.logger.error(`${this.lastError.message}; calls are still answered (callbacks go to the service desk) and the queue is retried`);
        this.reported = true;
      }
      if (this.closed) return;
      const delay = backoffDelay(this.attempt++, this.o.backoff ?? { baseMs: 1_000, capMs: 30_000 });
      this.timer = this.o.clock.setTimeout(() => void this.tryOpen(), delay);
    }
  }

  private use(): CallbackQueue {
    if (this.closed) throw new Error('the callback queue is closed');
    if (!this.queue) throw this.lastError;
    return this.queue;
  }

  capture: CallbackQueue['capture'] = async (...a) => this.use().capture(...a);
  list: CallbackQueue['list'] = async (...a) => this.use().list(...a);
  get: CallbackQueue['get'] = async (...a) => this.use().get(...a);
  claim: CallbackQueue['claim'] = async (...a) => this.use().claim(...a);
  renewLease: CallbackQueue['renewLease'] = async (...a) => this.use().renewLease(...a);
  recordAttempt: CallbackQueue['recordAttempt'] = async (...a) => this.use().recordAttempt(...a);
  release: CallbackQueue['release'] = async (...a) => this.use().release(...a);
  markDone: CallbackQueue['markDone'] = async (...a) => this.use().markDone(...a);
  cancel: CallbackQueue['cancel'] = async (...a) => this.use().cancel(...a);
  addDoNotCall: CallbackQueue['addDoNotCall'] = async (...a) => this.use().addDoNotCall(...a);
  isDoNotCall: CallbackQueue['isDoNotCall'] = async (...a) => this.use().isDoNotCall(...a);
  ping: CallbackQueue['ping'] = async () => this.use().ping();

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    await this.queue?.close();
  }
}

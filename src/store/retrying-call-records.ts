/**
 * Call records whose store is not there yet (PostgreSQL down at start-up, a
 * locked SQLite file): the ops server starts at once, every call is kept in
 * memory meanwhile, and the open is retried in the background (one log
 * line when it fails, one when it opens). Once open, it is the store
 * itself; records written while it was away are not replayed (they are
 * still in memory until the in-memory bound drops them).
 */
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import type { CallRecord, CallRecordFilter, CallRecordStore } from './call-records.js';

/** Options for RetryingCallRecords. */
export interface RetryingCallRecordsOptions {
  open: () => Promise<CallRecordStore>;
  clock: Clock;
  logger: Logger;
  /** Between attempts; default 30 s. */
  retryMs?: number;
}

export class RetryingCallRecords implements CallRecordStore {
  private store: CallRecordStore | undefined;
  private timer: TimerHandle | undefined;
  private closed = false;
  private reported = false;
  private lastError = 'the call records are still opening';
  /** Settles after the first attempt (tests; start-up does not wait for it). */
  readonly firstAttempt: Promise<void>;

  constructor(private readonly o: RetryingCallRecordsOptions) {
    this.firstAttempt = this.tryOpen();
  }

  get isOpen(): boolean {
    return this.store !== undefined;
  }

  async saveCall(r: CallRecord): Promise<void> {
    return this.open().saveCall(r);
  }

  async getCall(id: string): Promise<CallRecord | undefined> {
    return this.open().getCall(id);
  }

  async listCalls(f?: CallRecordFilter): Promise<CallRecord[]> {
    return this.open().listCalls(f);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    await this.store?.close();
  }

  private open(): CallRecordStore {
    if (!this.store) throw new Error(`the call records are not open: ${this.lastError}`);
    return this.store;
  }

  private async tryOpen(): Promise<void> {
    try {
      const s = await this.o.open();
      if (this.closed) return void (await s.close());
      this.store = s;
      if (this.reported) this.o.logger.info('call records open again; finished calls are written to the store');
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      if (!this.reported) this.o.logger.error(`${this.lastError}; finished calls are kept in memory only, and the call records are retried`);
      this.reported = true;
      if (!this.closed) this.timer = this.o.clock.setTimeout(() => void this.tryOpen(), this.o.retryMs ?? 30_000);
    }
  }
}

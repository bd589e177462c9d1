/**
 * Writes every finished call of the book to the call record store, so a
 * restart does not lose it, and reads calls back from there when the book
 * (memory) no longer has them. A store that fails costs the archive, never
 * the call: one log line when writing starts failing and one when it
 * works again, not one per call.
 */
import type { Logger } from '../log/logger.js';
import type { CallRecordStore } from '../store/call-records.js';
import type { BookedCall, CallBook, CallFilter } from './call-book.js';
import { fromCallRecord, toCallRecord } from './call-record-view.js';

export class CallArchive {
  private failing = false;
  private readonly pending = new Set<Promise<void>>();
  private readonly detach: () => void;

  constructor(
    private readonly book: CallBook,
    private readonly store: CallRecordStore,
    private readonly log: Logger,
  ) {
    const onEnded = (c: BookedCall): void => this.save(c);
    book.on('ended', onEnded);
    this.detach = () => book.off('ended', onEnded);
  }

  /** A call from memory, else from the store. */
  async get(id: string): Promise<BookedCall | undefined> {
    const live = this.book.get(id);
    if (live) return live;
    try {
      const r = await this.store.getCall(id);
      return r ? fromCallRecord(r) : undefined;
    } catch (err) {
      this.log.warn(`call records: cannot read call ${id} from the store: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  /** The book's calls, then older stored ones, newest first, without duplicates. */
  async list(f: CallFilter): Promise<BookedCall[]> {
    const fromBook = this.book.list(f);
    const limit = f.limit ?? 500;
    if (f.outcome === 'live' || fromBook.length >= limit) return fromBook.slice(0, limit);
    let stored;
    try {
      stored = await this.store.listCalls({
        ...(f.since !== undefined ? { since: new Date(f.since).toISOString() } : {}),
        ...(f.outcome !== undefined ? { outcome: f.outcome } : {}),
        limit,
      });
    } catch (err) {
      // The memory's calls are still worth showing.
      this.log.warn(`call records: cannot list stored calls: ${err instanceof Error ? err.message : String(err)}`);
      return fromBook.slice(0, limit);
    }
    // A call is its id and start: an id that came back (a restarted simulator) is another call.
    const key = (id: string, startedAt: number): string => `${id}@${startedAt}`;
    const seen = new Set(fromBook.map((c) => key(c.id, c.startedAt)));
    const all = [...fromBook, ...stored.map(fromCallRecord).filter((c) => !seen.has(key(c.id, c.startedAt)))];
    return all.sort((a, b) => b.startedAt - a.startedAt).slice(0, limit);
  }

  /** Resolves once every write started so far has finished (shutdown, tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  close(): void {
    this.detach();
  }

  private save(c: BookedCall): void {
    const p = this.store
      .saveCall(toCallRecord(c))
      .then(
        () => {
          if (this.failing) this.log.info('call records are written to the store again');
          this.failing = false;
        },
        (err: unknown) => {
          if (!this.failing) this.log.error(`call records: cannot write finished calls to the store (kept in memory only until it works again): ${err instanceof Error ? err.message : String(err)}`);
          this.failing = true;
        },
      )
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
  }
}

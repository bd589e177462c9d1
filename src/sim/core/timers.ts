/**
 * Clock timers owned by simulated objects. Each channel (and the simulator
 * itself) gets a TimerGroup; destroying the owner clears the group, so no
 * simulated behaviour outlives the thing it belongs to. The TimerBook counts
 * every pending sim timer for leak checks.
 */
import type { Clock, TimerHandle } from '../../clock/clock.js';
import type { Logger } from '../../log/logger.js';

/** Counts pending timers across all groups of one simulator. */
export class TimerBook {
  private count = 0;

  constructor(
    readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** A new, empty group. */
  group(owner: string): TimerGroup {
    return new TimerGroup(this, owner);
  }

  /** Timers scheduled by the simulator and not yet fired or cleared. */
  pending(): number {
    return this.count;
  }

  /** @internal bookkeeping for TimerGroup */
  adjust(delta: number): void {
    this.count += delta;
  }

  /** @internal a timer callback threw: log it, never crash the simulator */
  report(owner: string, err: unknown): void {
    this.logger.error('sim timer failed', { owner, error: err instanceof Error ? err.stack : String(err) });
  }
}

/** Timers of one owner; clearAll() cancels whatever is still pending. */
export class TimerGroup {
  private readonly handles = new Map<number, TimerHandle>();
  private closed = false;

  constructor(
    private readonly book: TimerBook,
    private readonly owner: string,
  ) {}

  /** Runs fn after ms of clock time, unless the group is cleared first. */
  after(ms: number, fn: () => void): TimerHandle | undefined {
    if (this.closed) return undefined;
    const clock = this.book.clock;
    const handle = clock.setTimeout(() => {
      if (!this.handles.delete(handle.id)) return;
      this.book.adjust(-1);
      try {
        fn();
      } catch (err) {
        this.book.report(this.owner, err);
      }
    }, Math.max(0, ms));
    this.handles.set(handle.id, handle);
    this.book.adjust(1);
    return handle;
  }

  /** Cancels one timer of this group (ignores unknown or fired handles). */
  cancel(handle: TimerHandle | undefined): void {
    if (!handle || !this.handles.delete(handle.id)) return;
    this.book.clock.clearTimeout(handle);
    this.book.adjust(-1);
  }

  /** Cancels every pending timer; with close, later after() calls are ignored. */
  clearAll(close = false): void {
    for (const handle of this.handles.values()) this.book.clock.clearTimeout(handle);
    this.book.adjust(-this.handles.size);
    this.handles.clear();
    if (close) this.closed = true;
  }

  /** Pending timers in this group. */
  get size(): number {
    return this.handles.size;
  }
}

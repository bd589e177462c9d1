/**
 * A clock whose time only moves when a test says so. It works with real
 * sockets: before each jump it waits until the process is quiet (no I/O held
 * open through hold(), and a run of event-loop turns with no touch()), so an
 * event on the wire is always handled at the virtual instant it was sent.
 */
import type { Clock, TimerHandle } from './clock.js';

interface VirtualTimer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

/** Options for VirtualClock.run*. */
export interface RunOptions {
  /** Give up (throw) if the condition is not met by this virtual time span. Default 1 h. */
  maxMs?: number;
}

const QUIET_TURNS = 12;
const MAX_SETTLE_REAL_MS = 5_000;

/** Deterministic clock for tests: time advances only through run(), runUntil() and advance(). */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private nextId = 1;
  private readonly timers = new Map<number, VirtualTimer>();
  private readonly holds = new Map<number, string>();
  private nextHold = 1;
  private activity = 0;
  /** Hold labels excused from settle(), with how many holds of each (see excuseHold). */
  private readonly excused = new Map<string, number>();

  constructor(start = 1_700_000_000_000) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.current + Math.max(0, ms), seq: this.seq++, fn });
    return { id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) this.timers.delete(handle.id);
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  hold(label: string): () => void {
    const id = this.nextHold++;
    this.holds.set(id, label);
    this.activity++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds.delete(id);
      this.activity++;
    };
  }

  touch(): void {
    this.activity++;
  }

  excuseHold(label: string): () => void {
    this.excused.set(label, (this.excused.get(label) ?? 0) + 1);
    this.activity++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      const n = (this.excused.get(label) ?? 1) - 1;
      if (n <= 0) this.excused.delete(label);
      else this.excused.set(label, n);
      this.activity++;
    };
  }

  /** True while a hold that is not excused is open. */
  private busy(): boolean {
    if (this.holds.size === 0) return false;
    if (this.excused.size === 0) return true;
    const left = new Map(this.excused);
    for (const label of this.holds.values()) {
      const n = left.get(label) ?? 0;
      if (n === 0) return true;
      left.set(label, n - 1);
    }
    return false;
  }

  /** Labels of I/O currently held open (for diagnosing a stuck test). */
  heldBy(): string[] {
    return [...this.holds.values()];
  }

  /**
   * Waits (in real time) until nothing is held and QUIET_TURNS consecutive
   * event-loop turns pass with no activity. Throws if that takes too long,
   * naming what is still held, instead of hanging the test.
   */
  async settle(): Promise<void> {
    const started = Date.now();
    let quiet = 0;
    let seen = this.activity;
    while (quiet < QUIET_TURNS) {
      await new Promise<void>((r) => setImmediate(r));
      const busy = this.busy();
      if (busy || this.activity !== seen) {
        quiet = 0;
        seen = this.activity;
        if (busy) await new Promise<void>((r) => setTimeout(r, 1));
      } else {
        quiet++;
      }
      if (Date.now() - started > MAX_SETTLE_REAL_MS) {
        throw new Error(`VirtualClock.settle: still busy after ${MAX_SETTLE_REAL_MS} ms real time: ${this.heldBy().join(', ')}`);
      }
    }
  }

  /** Fires every timer due at or before `until`, in order, settling I/O between them; ends at `until`. */
  async advanceTo(until: number): Promise<void> {
    await this.settle();
    for (;;) {
      const next = this.nextDue();
      if (!next || next.at > until) break;
      this.timers.delete(next.id);
      this.current = Math.max(this.current, next.at);
      next.fn();
      await this.settle();
    }
    this.current = Math.max(this.current, until);
    await this.settle();
  }

  /** Advances virtual time by ms. */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  /**
   * Runs timers until cond() holds (checked after every step), or fails after
   * maxMs of virtual time. Returns the virtual time at which it held.
   */
  async runUntil(cond: () => boolean, opts: RunOptions = {}): Promise<number> {
    const limit = this.current + (opts.maxMs ?? 3_600_000);
    await this.settle();
    while (!cond()) {
      const next = this.nextDue();
      if (!next || next.at > limit) {
        throw new Error(`VirtualClock.runUntil: condition not met by +${opts.maxMs ?? 3_600_000} ms (pending timers: ${this.timers.size})`);
      }
      this.timers.delete(next.id);
      this.current = Math.max(this.current, next.at);
      next.fn();
      await this.settle();
    }
    return this.current;
  }

  private nextDue(): VirtualTimer | undefined {
    let best: VirtualTimer | undefined;
    for (const t of this.timers.values()) {
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

/**
 * A clock that runs at its base clock's pace but reads a different date.
 * The simulator uses it to pretend it is a chosen moment (inside opening
 * hours for the demo's calls, after closing for the closed-hours call), so
 * which flow a demo call takes never depends on the machine's wall clock or
 * timezone. Timers, holds and quiet tracking are the base clock's own.
 */
import type { Clock, TimerHandle } from './clock.js';

/** A Clock whose now() is the base clock's plus an offset that can be moved between calls. */
export class ShiftedClock implements Clock {
  private offsetMs: number;

  constructor(
    readonly base: Clock,
    /** The moment (epoch ms) now() reads at construction. */
    pretendNow: number,
  ) {
    this.offsetMs = pretendNow - base.now();
  }

  /**
   * Moves the pretended date so now() reads `moment`. Only call it while no
   * call is live: a call's timeline measures time since its start on now().
   */
  shiftTo(moment: number): void {
    this.offsetMs = moment - this.base.now();
  }

  /** How far the pretended date is from the base clock's (ms). */
  get offset(): number {
    return this.offsetMs;
  }

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.base.setTimeout(fn, ms);
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    this.base.clearTimeout(handle);
  }

  pendingTimers(): number {
    return this.base.pendingTimers();
  }

  hold(label: string): () => void {
    return this.base.hold(label);
  }

  touch(): void {
    this.base.touch();
  }

  excuseHold(label: string): () => void {
    return this.base.excuseHold?.(label) ?? ((): void => undefined);
  }
}

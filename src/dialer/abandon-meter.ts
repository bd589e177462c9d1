/**
 * Counts abandoned outbound calls (the customer answered and heard nothing
 * within 2 s) against answered ones over a rolling window, and tells the
 * dialer to slow down as their share nears the 3 % the call standards allow.
 */
import type { Clock } from '../clock/clock.js';

/** Options of the meter. */
export interface AbandonMeterOptions {
  /** Rolling window (default 24 h). */
  windowMs?: number;
  /** Share at which the dialer starts slowing down (default 0.02, "nearing" 3 %). */
  slowAt?: number;
  /** The share that must never be reached (default 0.03). */
  limit?: number;
  /** Answered calls in the window before the share may pause the dialer (default: 1 / limit, rounded up: 34). */
  minAnswered?: number;
}

/** The slowest pace short of a pause: gaps four times as long, one call at a time. */
const MAX_SLOWDOWN = 4;

/** Rolling abandon share of answered outbound calls. */
export class AbandonMeter {
  private readonly answered: { at: number; abandoned: boolean }[] = [];
  private readonly windowMs: number;
  private readonly slowAt: number;
  private readonly limit: number;
  private readonly minAnswered: number;

  constructor(
    private readonly clock: Clock,
    o: AbandonMeterOptions = {},
  ) {
    this.windowMs = o.windowMs ?? 24 * 3_600_000;
    this.slowAt = o.slowAt ?? 0.02;
    this.limit = o.limit ?? 0.03;
    this.minAnswered = o.minAnswered ?? Math.ceil(1 / this.limit);
  }

  /** Records an answered call; abandoned when nobody spoke to the customer within 2 s of answer. */
  record(abandoned: boolean): void {
    this.answered.push({ at: this.clock.now(), abandoned });
    this.prune();
  }

  /** Answered and abandoned counts inside the window. */
  counts(): { answered: number; abandoned: number } {
    this.prune();
    return { answered: this.answered.length, abandoned: this.answered.filter((a) => a.abandoned).length };
  }

  /** Abandoned share of answered calls in the window (0 when none answered). */
  share(): number {
    const c = this.counts();
    return c.answered === 0 ? 0 : c.abandoned / c.answered;
  }

  /**
   * How much longer to wait between calls: 1 below slowAt, growing linearly
   * to 4 at the limit, and Infinity (pause) at or above it. A pause needs
   * minAnswered calls in the window: one abandoned call among the first few
   * is a share of 100 % or 50 %, and pausing on it would stop the dialer for
   * the whole window, with no call made that could bring the share down.
   * Until then a share at the limit means the slowest pace, not a stop.
   */
  slowdown(): number {
    const { answered, abandoned } = this.counts();
    const s = answered === 0 ? 0 : abandoned / answered;
    if (s < this.slowAt) return 1;
    if (s >= this.limit) return answered >= this.minAnswered ? Number.POSITIVE_INFINITY : MAX_SLOWDOWN;
    return 1 + ((MAX_SLOWDOWN - 1) * (s - this.slowAt)) / (this.limit - this.slowAt);
  }

  private prune(): void {
    const from = this.clock.now() - this.windowMs;
    while (this.answered.length > 0 && (this.answered[0]?.at ?? 0) < from) this.answered.shift();
  }
}

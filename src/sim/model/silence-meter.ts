/**
 * Measures silence the way Asterisk's DSP does: only while frames flow, reset
 * by speech. Fires once when the current silent run reaches a threshold.
 * Also totals the flowing time (what ends up in a recording file).
 */
import type { Clock, TimerHandle } from '../../clock/clock.js';
import type { TimerGroup } from '../core/timers.js';
import type { AudioState, IncomingAudio } from './incoming-audio.js';

/** Silence/flow accounting over one channel's incoming audio. */
export class SilenceMeter {
  private runMs = 0;
  private completedSilenceMs = 0;
  private flowMs = 0;
  private silentSince: number | undefined;
  private flowingSince: number | undefined;
  private timer: TimerHandle | undefined;
  private unsubscribe: (() => void) | undefined;
  private fired = false;

  constructor(
    private readonly audio: IncomingAudio,
    private readonly timers: TimerGroup,
    private readonly clock: Clock,
    private readonly thresholdMs: number | undefined,
    private readonly onThreshold: () => void,
  ) {}

  /** Begins measuring from now. */
  start(): void {
    this.unsubscribe = this.audio.on((s) => this.update(s));
    this.update(this.audio.state);
  }

  /** Stops measuring; the totals stay readable. */
  stop(): void {
    this.fold();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.timers.cancel(this.timer);
    this.timer = undefined;
    this.silentSince = undefined;
    this.flowingSince = undefined;
  }

  /** Length of the silent run going on now (0 right after speech). */
  currentRunMs(): number {
    this.fold();
    return this.runMs;
  }

  /** All silence measured, finished runs plus the current one. */
  totalSilenceMs(): number {
    this.fold();
    return this.completedSilenceMs + this.runMs;
  }

  /** Time during which frames flowed. */
  flowingMs(): number {
    this.fold();
    return this.flowMs;
  }

  private fold(): void {
    const now = this.clock.now();
    if (this.silentSince !== undefined) {
      this.runMs += now - this.silentSince;
      this.silentSince = now;
    }
    if (this.flowingSince !== undefined) {
      this.flowMs += now - this.flowingSince;
      this.flowingSince = now;
    }
  }

  private update(state: AudioState): void {
    this.fold();
    const now = this.clock.now();
    this.flowingSince = state.flowing ? now : undefined;
    if (state.speaking && this.runMs > 0) {
      this.completedSilenceMs += this.runMs;
      this.runMs = 0;
    }
    const counting = state.flowing && !state.speaking;
    this.silentSince = counting ? now : undefined;
    this.timers.cancel(this.timer);
    this.timer = undefined;
    if (counting && this.thresholdMs !== undefined && !this.fired) {
      this.timer = this.timers.after(this.thresholdMs - this.runMs, () => {
        this.timer = undefined;
        this.fired = true;
        this.fold();
        this.onThreshold();
      });
    }
  }
}

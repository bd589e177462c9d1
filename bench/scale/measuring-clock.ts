/**
 * The real clock with a note of how late each timer fires (scheduled time
 * vs the moment its callback runs), for the scale run's timer lateness.
 * Everything else is RealClock's.
 */
import { RealClock, type Clock, type TimerHandle } from '../../src/clock/clock.js';
import { LatencyHistogram } from './histogram.js';

/** RealClock plus a lateness histogram (ms). */
export class MeasuringClock implements Clock {
  readonly lateness = new LatencyHistogram();
  private readonly base = new RealClock();

  now(): number {
    return this.base.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const due = performance.now() + Math.max(0, ms);
    return this.base.setTimeout(() => {
      this.lateness.add(performance.now() - due);
      fn();
    }, ms);
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
}

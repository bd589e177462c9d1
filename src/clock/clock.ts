/**
 * The injected clock. Everything that waits in this service (flows, the ARI
 * client's watchdogs and backoff, the simulator) takes time from a Clock, so
 * tests can run a 30-second hold check-in in microseconds on a VirtualClock.
 */

/** Opaque handle returned by Clock.setTimeout. */
export interface TimerHandle {
  readonly id: number;
}

/** Time source and timer factory; the only way code in this repo waits. */
export interface Clock {
  /** Milliseconds since an arbitrary epoch (wall clock for RealClock). */
  now(): number;
  /** Runs fn once after ms; returns a handle for clearTimeout. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; unknown or already-fired handles are ignored. */
  clearTimeout(handle: TimerHandle | undefined): void;
  /** Timers scheduled and not yet fired or cleared (leak checks use this). */
  pendingTimers(): number;
  /**
   * Marks asynchronous I/O in flight (a REST request, an event on the wire) so
   * a VirtualClock does not jump ahead while it is pending. Returns a release
   * function; RealClock treats this as a no-op.
   */
  hold(label: string): () => void;
  /** Notes that I/O just happened (an event arrived); VirtualClock waits for quiet after it. */
  touch(): void;
  /**
   * Says that one hold labelled `label` (someone else's request) is waiting
   * on a timer of this clock, not on I/O: a VirtualClock may move on while
   * it is open. The simulator's fault injection uses it to answer a request
   * seconds late on virtual time. Returns the function that ends the excuse.
   */
  excuseHold?(label: string): () => void;
}

/** Resolves after ms on the given clock; rejects with the signal's reason if aborted first. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clock.clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits for `promise` at most ms; resolves true if it settled in time (either
 * way), false on timeout. Unlike racing against sleep(), it clears its timer
 * as soon as the promise settles, so no timer outlives the wait.
 */
export function waitAtMost(clock: Clock, promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = clock.setTimeout(() => resolve(false), ms);
    const settled = (): void => {
      clock.clearTimeout(timer);
      resolve(true);
    };
    promise.then(settled, settled);
  });
}

/** Wall-clock time with Node's timers; counts pending timers for leak checks. */
export class RealClock implements Clock {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private nextId = 1;

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const t = setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, Math.max(0, ms));
    this.timers.set(id, t);
    return { id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (!handle) return;
    const t = this.timers.get(handle.id);
    if (t) {
      clearTimeout(t);
      this.timers.delete(handle.id);
    }
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  hold(_label: string): () => void {
    return () => undefined;
  }

  touch(): void {
    /* real time needs no quiescence tracking */
  }
}

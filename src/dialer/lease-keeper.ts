/**
 * Keeps the lease on a claimed request while it is being dialled: renewed
 * every third of its length, so one missed renewal (a slow store) does not
 * lose it. When the store says we no longer hold it (we were too slow, and
 * another instance may have claimed it), the attempt must stop at once:
 * two instances must never call the same customer for one request.
 */
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import type { DialerConfig } from '../config/schema.js';
import type { CallbackQueue } from '../store/callback-queue.js';

/** The call standards' floor for the customer's ring time (section 9). */
export const MIN_RING_SECONDS = 15;

/** Past the customer's ring time, before another instance may take a dead one's request. */
const RING_OUT_MARGIN_SECONDS = 5;

/**
 * The lease a claim takes: leaseSeconds, but never shorter than the
 * customer's ring time plus a margin. An instance that dies while the
 * customer's phone rings leaves that leg to Asterisk, which ends it at the
 * dial timeout; only then may another instance dial the customer, or their
 * phone would ring twice at once for one request.
 */
export function leaseMsFor(d: Pick<DialerConfig, 'leaseSeconds' | 'ringSeconds'>): number {
  return Math.max(d.leaseSeconds, Math.max(MIN_RING_SECONDS, d.ringSeconds) + RING_OUT_MARGIN_SECONDS) * 1000;
}

/** A running lease renewal; stop() ends it. */
export interface LeaseKeeper {
  stop(): void;
}

/** Renews the lease until stopped; calls onLost once if a renewal is refused. */
export function keepLease(o: { queue: CallbackQueue; id: string; instance: string; leaseMs: number; clock: Clock; log: Logger; onLost: () => void }): LeaseKeeper {
  let timer: TimerHandle | undefined;
  let stopped = false;
  const every = Math.max(1_000, Math.floor(o.leaseMs / 3));
  const tick = (): void => {
    timer = undefined;
    if (stopped) return;
    o.queue.renewLease(o.id, o.instance, o.leaseMs).then(
      (held) => {
        if (stopped) return;
        if (!held) {
          stopped = true;
          o.log.warn('callback lease lost: this instance no longer holds the request', { request: o.id });
          o.onLost();
          return;
        }
        timer = o.clock.setTimeout(tick, every);
      },
      (err: unknown) => {
        // A store hiccup: try again soon; the lease is long enough for a few misses.
        o.log.warn(`callback lease renewal failed: ${err instanceof Error ? err.message : String(err)}`, { request: o.id });
        if (!stopped) timer = o.clock.setTimeout(tick, every);
      },
    );
  };
  timer = o.clock.setTimeout(tick, every);
  return {
    stop() {
      stopped = true;
      o.clock.clearTimeout(timer);
    },
  };
}

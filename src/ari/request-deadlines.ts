/**
 * Time-outs for requests in flight with ONE clock timer, not one per
 * request: the profile of a call showed a timer set and cleared for every
 * command, which a plain client does not pay. The timer is armed for the
 * earliest deadline; when it fires, every request past its deadline is
 * expired and the timer is armed again for the next one. Each request still
 * expires at exactly its own deadline (tests on the virtual clock rely on
 * that), and no timer is left once nothing waits (leak checks rely on that).
 */
import type { Clock, TimerHandle } from '../clock/clock.js';

/** What the deadlines keep per request. */
export interface Deadline {
  /** Clock time (ms) at which the request times out. */
  at: number;
}

/** Requests keyed by K, each with a deadline; `expire` is called once for each one that runs out. */
export class RequestDeadlines<K, V extends Deadline> {
  private readonly entries = new Map<K, V>();
  private timer: TimerHandle | undefined;
  private armedAt = Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly expire: (key: K, value: V) => void,
  ) {}

  /** Requests waiting. */
  get size(): number {
    return this.entries.size;
  }

  /** The entry of a request still waiting. */
  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Starts watching a request (value.at is its deadline). */
  add(key: K, value: V): void {
    this.entries.set(key, value);
    if (value.at < this.armedAt) this.arm(value.at);
  }

  /** Stops watching a request (answered or failed); returns its entry. */
  take(key: K): V | undefined {
    const v = this.entries.get(key);
    if (v === undefined) return undefined;
    this.entries.delete(key);
    if (this.entries.size === 0) this.disarm();
    return v;
  }

  /** Removes every request and returns them (the socket they went out on closed). */
  takeAll(): V[] {
    const all = [...this.entries.values()];
    this.entries.clear();
    this.disarm();
    return all;
  }

  private arm(at: number): void {
    this.clock.clearTimeout(this.timer);
    this.armedAt = at;
    this.timer = this.clock.setTimeout(() => this.fire(), Math.max(0, at - this.clock.now()));
  }

  private disarm(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAt = Infinity;
  }

  private fire(): void {
    this.timer = undefined;
    this.armedAt = Infinity;
    const now = this.clock.now();
    const expired: [K, V][] = [];
    let next = Infinity;
    for (const [k, v] of this.entries) {
      if (v.at <= now) expired.push([k, v]);
      else if (v.at < next) next = v.at;
    }
    for (const [k] of expired) this.entries.delete(k);
    if (next !== Infinity) this.arm(next);
    for (const [k, v] of expired) this.expire(k, v);
  }
}

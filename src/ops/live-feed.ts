/**
 * What the live page hears over /events: a 'hello' with the live calls and
 * today's numbers when it connects, then 'call' when a call starts or
 * changes step, 'entry' for each timeline entry (masked), 'ended', 'kpis'
 * after anything that moves the numbers, and 'callbacks' when the queue
 * changed. Every event carries `now` (the service's clock), so the page can
 * show time in step even when that clock is not the browser's.
 */
import type { ServerResponse } from 'node:http';
import type { TimelineEntry } from '../call/timeline.js';
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import type { CallbackQueue } from '../store/callback-queue.js';
import type { BookedCall, CallBook } from './call-book.js';
import type { DayKpis, DayStats } from './day-stats.js';
import { maskFields } from '../log/mask.js';
import { SseHub } from './sse.js';
import { callListItem } from './views.js';

/** Each stream costs a socket and a write per call event: a wall screen or a few shifts' laptops need far fewer. */
export const MAX_STREAMS = 50;

/** Today's numbers with the callback queue's state. */
export interface LiveKpis {
  now: number;
  day: DayKpis;
  callbacks: { up: boolean; pending: number; dialing: number; oldestPendingAt?: string };
}

/** Options for LiveFeed. */
export interface LiveFeedOptions {
  book: CallBook;
  day: DayStats;
  queue: CallbackQueue;
  clock: Clock;
  logger: Logger;
}

/** Feeds the SSE streams from the call book. */
export class LiveFeed {
  private readonly hub = new SseHub();
  private readonly detach: () => void;

  constructor(private readonly o: LiveFeedOptions) {
    const now = (): number => o.clock.now();
    const onStarted = (c: BookedCall): void => this.hub.broadcast('call', { now: now(), call: callListItem(c) });
    const onEntry = (c: BookedCall, e: TimelineEntry, stepChanged: boolean): void => {
      this.hub.broadcast('entry', { now: now(), id: c.id, entry: maskFields(e) });
      if (stepChanged) this.hub.broadcast('call', { now: now(), call: callListItem(c) });
      if (e.kind === 'callback-stored') this.callbacksChanged();
    };
    const onEnded = (c: BookedCall): void => {
      this.hub.broadcast('ended', { now: now(), call: callListItem(c) });
      this.pushKpis();
    };
    o.book.on('started', onStarted);
    o.book.on('entry', onEntry);
    o.book.on('ended', onEnded);
    this.detach = () => {
      o.book.off('started', onStarted);
      o.book.off('entry', onEntry);
      o.book.off('ended', onEnded);
    };
  }

  /** Opens a stream for one page; false when too many are open already. */
  open(res: ServerResponse): boolean {
    if (this.hub.size() >= MAX_STREAMS) return false;
    const live = this.o.book.liveCalls().map(callListItem);
    this.hub.open(res, { event: 'hello', data: { now: this.o.clock.now(), live } });
    this.pushKpis();
    return true;
  }

  /** The queue changed (captured, done, cancelled): pages refetch it. */
  callbacksChanged(): void {
    this.hub.broadcast('callbacks', { now: this.o.clock.now() });
    this.pushKpis();
  }

  /** Today's numbers and the queue's state. */
  async kpis(): Promise<LiveKpis> {
    const day = this.o.day.kpis();
    try {
      const open = await this.o.queue.list({ status: ['pending', 'dialing'] });
      const first = open.find((r) => r.status === 'pending') ?? open[0];
      return {
        now: this.o.clock.now(),
        day,
        callbacks: {
          up: true,
          pending: open.filter((r) => r.status === 'pending').length,
          dialing: open.filter((r) => r.status === 'dialing').length,
          ...(first ? { oldestPendingAt: first.createdAt } : {}),
        },
      };
    } catch {
      return { now: this.o.clock.now(), day, callbacks: { up: false, pending: 0, dialing: 0 } };
    }
  }

  close(): void {
    this.detach();
    this.hub.close();
  }

  private pushKpis(): void {
    if (this.hub.size() === 0) return;
    this.kpis().then(
      (k) => this.hub.broadcast('kpis', k),
      (err: unknown) => this.o.logger.warn(`ops: kpis not sent: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
}

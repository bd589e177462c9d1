/**
 * An in-memory CallbackQueue keeping every invariant of the contract in
 * callback-queue.ts (merge window, one holder per lease, expired leases
 * back to the queue, final states final), on the injected Clock. For tests
 * and the demo until the durable stores are merged; a restart loses it.
 */
import type { Clock } from '../clock/clock.js';
import type {
  CallbackAttempt,
  CallbackFilter,
  CallbackQueue,
  CallbackRequest,
  CaptureResult,
  NewCallbackRequest,
} from './callback-queue.js';
import { assertStorable } from './storable-request.js';
import { isoToMs } from './callback-row.js';

/** Default merge window: 30 minutes. */
export const DEFAULT_MERGE_WINDOW_MS = 30 * 60_000;

const FINAL = new Set(['completed', 'failed', 'cancelled']);

/** Callback requests held in process memory. */
export class MemoryCallbackQueue implements CallbackQueue {
  private readonly rows = new Map<string, CallbackRequest>();
  private readonly dnc = new Map<string, string>();
  private seq = 0;
  private closed = false;

  constructor(private readonly clock: Clock) {}

  /** Stores (or merges) a request. */
  async capture(req: NewCallbackRequest, opts: { mergeWindowMs?: number } = {}): Promise<CaptureResult> {
    this.assertOpen();
    assertStorable(req);
    const now = this.clock.now();
    const iso = new Date(now).toISOString();
    const window = opts.mergeWindowMs ?? DEFAULT_MERGE_WINDOW_MS;
    for (const r of this.rows.values()) {
      this.expireLease(r, now);
      const open = r.status === 'pending' || r.status === 'dialing';
      if (open && r.number === req.number && r.target === req.target && now - Date.parse(r.createdAt) < window) {
        const { callId, extension, lineType, nameRecording, reason, language, callerNumber } = req;
        Object.assign(r, { callId, lineType, reason, language, callerNumber, updatedAt: iso });
        if (extension !== undefined) r.extension = extension;
        if (nameRecording !== undefined) r.nameRecording = nameRecording;
        return { request: copy(r), merged: true };
      }
    }
    const id = `cb-${++this.seq}`;
    const row: CallbackRequest = { ...req, id, status: 'pending', createdAt: iso, updatedAt: iso, notBefore: iso, attempts: [] };
    this.rows.set(id, row);
    return { request: copy(row), merged: false };
  }

  /** Matching requests, oldest first. */
  async list(filter: CallbackFilter = {}): Promise<CallbackRequest[]> {
    this.assertOpen();
    const now = this.clock.now();
    const out = [...this.rows.values()]
      .map((r) => (this.expireLease(r, now), r))
      .filter((r) => !filter.status || filter.status.includes(r.status))
      .filter((r) => !filter.since || Date.parse(r.createdAt) >= Date.parse(filter.since))
      .filter((r) => !filter.target || r.target === filter.target)
      .map(copy);
    return filter.limit !== undefined ? out.slice(0, filter.limit) : out;
  }

  /** One request. */
  async get(id: string): Promise<CallbackRequest | undefined> {
    this.assertOpen();
    const r = this.rows.get(id);
    if (!r) return undefined;
    this.expireLease(r, this.clock.now());
    return copy(r);
  }

  /** Claims due pending requests (and ones whose lease ran out) for these targets, in due order. */
  async claim(o: { instance: string; targets: string[]; leaseMs: number; limit?: number }): Promise<CallbackRequest[]> {
    this.assertOpen();
    const now = this.clock.now();
    const due: CallbackRequest[] = [];
    for (const r of this.rows.values()) {
      this.expireLease(r, now);
      if (r.status === 'pending' && o.targets.includes(r.target) && Date.parse(r.notBefore) <= now) due.push(r);
    }
    // Due order: the longest due first, then the oldest; the sort is stable, so then the first stored.
    due.sort((a, b) => Date.parse(a.notBefore) - Date.parse(b.notBefore) || Date.parse(a.createdAt) - Date.parse(b.createdAt));
    const out: CallbackRequest[] = [];
    for (const r of o.limit === undefined ? due : due.slice(0, o.limit)) {
      r.status = 'dialing';
      r.lease = { instance: o.instance, until: new Date(now + o.leaseMs).toISOString() };
      r.updatedAt = new Date(now).toISOString();
      out.push(copy(r));
    }
    return out;
  }

  /** Extends a lease this instance still holds. */
  async renewLease(id: string, instance: string, leaseMs: number): Promise<boolean> {
    this.assertOpen();
    const r = this.held(id, instance);
    if (!r || !r.lease) return false;
    r.lease.until = new Date(this.clock.now() + leaseMs).toISOString();
    return true;
  }

  /** Records an attempt by the lease holder and what comes next. */
  async recordAttempt(
    id: string,
    instance: string,
    attempt: Omit<CallbackAttempt, 'instance'>,
    next: { status: 'pending'; retryAt: string } | { status: 'completed' | 'failed' | 'cancelled'; reason?: string },
  ): Promise<boolean> {
    this.assertOpen();
    const r = this.held(id, instance);
    if (!r) return false;
    r.attempts.push({ ...attempt, instance });
    r.updatedAt = new Date(this.clock.now()).toISOString();
    delete r.lease;
    r.status = next.status;
    if (next.status === 'pending') r.notBefore = next.retryAt;
    else if (next.reason !== undefined) r.closedReason = next.reason;
    return true;
  }

  /** Gives a held request back, pending from notBefore, no attempt added. */
  async release(id: string, instance: string, notBefore: string): Promise<boolean> {
    this.assertOpen();
    const at = isoToMs(notBefore, 'notBefore');
    const r = this.held(id, instance);
    if (!r) return false;
    delete r.lease;
    r.status = 'pending';
    r.notBefore = new Date(at).toISOString();
    r.updatedAt = new Date(this.clock.now()).toISOString();
    return true;
  }

  /** Ops: marks an open request done. */
  async markDone(id: string, by: string): Promise<boolean> {
    return this.close1(id, 'completed', `done by ${by}`);
  }

  /** Ops: cancels an open request. */
  async cancel(id: string, by: string): Promise<boolean> {
    return this.close1(id, 'cancelled', `cancelled by ${by}`);
  }

  /** Adds a number to the do-not-call list. */
  async addDoNotCall(number: string, source: string): Promise<void> {
    this.assertOpen();
    if (!this.dnc.has(number)) this.dnc.set(number, source);
  }

  /** True when the number must not be called. */
  async isDoNotCall(number: string): Promise<boolean> {
    this.assertOpen();
    return this.dnc.has(number);
  }

  /** Always reachable while open. */
  async ping(): Promise<void> {
    this.assertOpen();
  }

  /** Further calls reject. */
  async close(): Promise<void> {
    this.closed = true;
  }

  private close1(id: string, status: 'completed' | 'cancelled', reason: string): boolean {
    this.assertOpen();
    const r = this.rows.get(id);
    if (!r || FINAL.has(r.status)) return false;
    r.status = status;
    r.closedReason = reason;
    delete r.lease;
    r.updatedAt = new Date(this.clock.now()).toISOString();
    return true;
  }

  /** The row if this instance holds a live lease on it. */
  private held(id: string, instance: string): CallbackRequest | undefined {
    const r = this.rows.get(id);
    if (!r) return undefined;
    this.expireLease(r, this.clock.now());
    if (r.status !== 'dialing' || r.lease?.instance !== instance) return undefined;
    return r;
  }

  /** A dialing request whose lease ran out is pending again. */
  private expireLease(r: CallbackRequest, now: number): void {
    if (r.status === 'dialing' && r.lease && Date.parse(r.lease.until) <= now) {
      r.status = 'pending';
      delete r.lease;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('callback queue is closed');
  }
}

function copy(r: CallbackRequest): CallbackRequest {
  return structuredClone(r);
}

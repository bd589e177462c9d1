/**
 * The contract of the durable callback queue: what a caller was promised a
 * call back about, and its lifecycle until the promise is kept (or cannot
 * be). The flows, the dialer, the ops HTTP and the `hotline callbacks` CLI
 * all use this interface; the SQLite store (embedded default) and the
 * PostgreSQL store (shared by several controller instances) implement it and
 * pass one shared test suite.
 *
 * Invariants every implementation keeps:
 * - capture() resolves only once the request is committed (fsync'd / COMMIT
 *   returned): the flows tell the caller "recorded" only after it resolves.
 * - A capture for the same callback number and target while an open
 *   (pending or dialing) request younger than the merge window exists
 *   updates that request (merged: true) instead of adding a second one.
 * - claim() hands a pending request to exactly one dialer at a time (row
 *   locks, SKIP LOCKED on PostgreSQL), with a lease; a request whose lease
 *   ran out (its dialer died) is pending again for the next claim.
 * - completed, failed and cancelled are final: no claim returns them.
 * - release() by the lease holder returns a request to pending at a later
 *   notBefore with no attempt added.
 */

/** Why a callback was captured. */
export type CallbackReason = 'busy' | 'no-answer' | 'hold' | 'closed' | 'unavailable';

/** Where a request is in its life. Final: completed, failed, cancelled. */
export type CallbackStatus = 'pending' | 'dialing' | 'completed' | 'failed' | 'cancelled';

/** How one dial attempt ended. */
export type AttemptOutcome =
  | 'completed' // customer answered, confirmed, bridged to the colleague
  | 'target-busy'
  | 'target-no-answer'
  | 'customer-busy'
  | 'customer-no-answer'
  | 'customer-silent' // answered, then said nothing through the outbound silent-line close
  | 'machine'
  | 'wrong-person'
  | 'refused' // the callee asked never to be called again
  | 'failed'; // technical failure (dial error, channel gone)

/** A callback request as the flows capture it. */
export interface NewCallbackRequest {
  /** The inbound call it came from. */
  callId: string;
  /** The number to call, digits only (validated by the flow config's rules before capture). */
  number: string;
  /** Extension for a landline that is not a direct line, digits only. */
  extension?: string;
  lineType: 'mobile' | 'landline' | 'other';
  /** Stored recording name (Asterisk's) of how to address the caller. */
  nameRecording?: string;
  /** Target name from the flow config (who will call back). */
  target: string;
  reason: CallbackReason;
  /** Language the caller used, e.g. zh-CN. */
  language: string;
  /** Caller id the call came in with. */
  callerNumber: string;
}

/** One dial attempt of a request. */
export interface CallbackAttempt {
  /** ISO time the attempt started. */
  at: string;
  outcome: AttemptOutcome;
  /** Human-readable detail (hang-up cause, what the colleague was told). */
  reason?: string;
  /** Id of the instance (node) that dialled. */
  instance: string;
}

/** A stored callback request. */
export interface CallbackRequest extends NewCallbackRequest {
  id: string;
  status: CallbackStatus;
  /** ISO times. */
  createdAt: string;
  updatedAt: string;
  /** Earliest time the dialer may try it (retry spacing, calling hours). */
  notBefore: string;
  attempts: CallbackAttempt[];
  /** Set while status is dialing: who holds it and until when. */
  lease?: { instance: string; until: string };
  /** Why it ended failed or cancelled, or who marked it done. */
  closedReason?: string;
}

/** What capture() returns. */
export interface CaptureResult {
  request: CallbackRequest;
  /** True when an open request for the same number and target was updated instead. */
  merged: boolean;
}

/** Filters for list(). */
export interface CallbackFilter {
  status?: CallbackStatus[];
  /** ISO time: created at or after. */
  since?: string;
  target?: string;
  limit?: number;
}

/** Where callback requests are kept. */
export interface CallbackQueue {
  /** Commits the request (or merges into an open duplicate); rejects if it could not be stored, leaving nothing half-written. */
  capture(req: NewCallbackRequest, opts?: { mergeWindowMs?: number }): Promise<CaptureResult>;
  /** Requests matching the filter, oldest first. */
  list(filter?: CallbackFilter): Promise<CallbackRequest[]>;
  get(id: string): Promise<CallbackRequest | undefined>;
  /**
   * Claims up to `limit` pending requests for these targets whose notBefore
   * has come (and dialing ones whose lease ran out), in due order (the
   * earliest notBefore first, then the oldest, then the first stored: a
   * request waiting for its retry does not jump ahead of one due earlier),
   * marking them dialing with a lease of leaseMs for this instance.
   */
  claim(o: { instance: string; targets: string[]; leaseMs: number; limit?: number }): Promise<CallbackRequest[]>;
  /** Extends the lease of a request this instance holds; false when it no longer holds it. */
  renewLease(id: string, instance: string, leaseMs: number): Promise<boolean>;
  /**
   * Records an attempt by the instance holding the lease and sets what comes
   * next: pending again from retryAt, or a final status. False when the
   * instance no longer holds the lease (nothing is written then).
   */
  recordAttempt(
    id: string,
    instance: string,
    attempt: Omit<CallbackAttempt, 'instance'>,
    next: { status: 'pending'; retryAt: string } | { status: 'completed' | 'failed' | 'cancelled'; reason?: string },
  ): Promise<boolean>;
  /**
   * Gives back a request this instance holds without recording an attempt:
   * pending again from notBefore (ISO), the lease cleared. For a request
   * claimed when it must not be dialled yet (outside calling hours), so no
   * instance holds it meanwhile and nothing counts as a failed attempt.
   * False when the instance no longer holds the lease (nothing is written).
   */
  release(id: string, instance: string, notBefore: string): Promise<boolean>;
  /** Ops: close an open request by hand. False when it was not open. */
  markDone(id: string, by: string): Promise<boolean>;
  cancel(id: string, by: string): Promise<boolean>;
  /** Do-not-call list kept in the store (ops and callees add to it). */
  addDoNotCall(number: string, source: string): Promise<void>;
  isDoNotCall(number: string): Promise<boolean>;
  /** Cheap check for readiness probes; rejects when the store is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

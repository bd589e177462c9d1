/**
 * The row shape both SQL stores keep (snake_case, epoch-ms times) and its
 * mapping to the contract's CallbackRequest. Shared so SQLite and PostgreSQL
 * cannot drift in how they show a request, e.g. a dialing row whose lease
 * ran out reads as pending, as the in-memory queue shows it.
 */
import type { CallbackAttempt, CallbackRequest, CallbackStatus, NewCallbackRequest } from './callback-queue.js';

/** A callback_requests row as the drivers return it (PG returns BIGINT as a string). */
export interface CallbackRow {
  id: string;
  call_id: string;
  number: string;
  extension: string | null;
  line_type: string;
  name_recording: string | null;
  target: string;
  reason: string;
  language: string;
  caller_number: string;
  status: string;
  created_ms: number | string;
  updated_ms: number | string;
  not_before_ms: number | string;
  /** JSON text (SQLite) or already parsed (PostgreSQL jsonb). */
  attempts: string | CallbackAttempt[];
  lease_instance: string | null;
  lease_until_ms: number | string | null;
  closed_reason: string | null;
}

const iso = (ms: number | string): string => new Date(Number(ms)).toISOString();

/** The request a row stands for at `now`. */
export function rowToRequest(row: CallbackRow, now: number): CallbackRequest {
  let status = row.status as CallbackStatus;
  const leaseUntil = row.lease_until_ms === null ? undefined : Number(row.lease_until_ms);
  const leaseLive = status === 'dialing' && leaseUntil !== undefined && leaseUntil > now;
  if (status === 'dialing' && !leaseLive) status = 'pending';
  const req: CallbackRequest = {
    id: row.id,
    callId: row.call_id,
    number: row.number,
    lineType: row.line_type as NewCallbackRequest['lineType'],
    target: row.target,
    reason: row.reason as NewCallbackRequest['reason'],
    language: row.language,
    callerNumber: row.caller_number,
    status,
    createdAt: iso(row.created_ms),
    updatedAt: iso(row.updated_ms),
    notBefore: iso(row.not_before_ms),
    attempts: typeof row.attempts === 'string' ? (JSON.parse(row.attempts) as CallbackAttempt[]) : row.attempts,
  };
  if (row.extension !== null) req.extension = row.extension;
  if (row.name_recording !== null) req.nameRecording = row.name_recording;
  if (leaseLive && row.lease_instance !== null) req.lease = { instance: row.lease_instance, until: iso(leaseUntil) };
  if (row.closed_reason !== null) req.closedReason = row.closed_reason;
  return req;
}

/** Parses an ISO time the caller gave (retryAt, since); a bad one is a caller bug, not a silent "now". */
export function isoToMs(value: string, what: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`${what} is not an ISO time: ${JSON.stringify(value)}`);
  return ms;
}

/** Final statuses: no claim, renew or ops action changes them. */
export const FINAL_STATUSES: readonly CallbackStatus[] = ['completed', 'failed', 'cancelled'];

/** What comes after an attempt, as the row's columns: notBefore for a retry, the reason for a final status (null: keep the column). */
export function nextColumns(
  next: { status: 'pending'; retryAt: string } | { status: 'completed' | 'failed' | 'cancelled'; reason?: string },
): { notBeforeMs: number | null; reason: string | null } {
  return next.status === 'pending' ? { notBeforeMs: isoToMs(next.retryAt, 'retryAt'), reason: null } : { notBeforeMs: null, reason: next.reason ?? null };
}

/** The claim order of rows: the longest due first (not_before_ms), then the oldest (created_ms), then the first stored (seq). */
export function byDueOrder(a: Pick<CallbackRow, 'not_before_ms' | 'created_ms'> & { seq: number | string }, b: typeof a): number {
  return Number(a.not_before_ms) - Number(b.not_before_ms) || Number(a.created_ms) - Number(b.created_ms) || Number(a.seq) - Number(b.seq);
}

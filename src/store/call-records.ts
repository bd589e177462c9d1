/**
 * The contract for keeping finished calls' timelines, so a call can be
 * reviewed after it ended and after a restart (standards section 10). The
 * SQLite and PostgreSQL stores implement it beside the callback queue, in
 * the same database.
 */
import type { TimelineEntry } from '../call/timeline.js';

/** A finished call as kept for review. */
export interface CallRecord {
  id: string;
  /** 'inbound' for a caller, 'callback' for a dialer call, 'agent-leg' for a dialed colleague. */
  direction: 'inbound' | 'callback' | 'agent-leg';
  /** Masked caller / callee number (last 4 digits shown). */
  numberMasked: string;
  /** ISO times. */
  startedAt: string;
  endedAt: string;
  /** Final outcome, a bounded set of words (e.g. served, callback-captured, silent-close, caller-hung-up). */
  outcome: string;
  endedBy: 'caller' | 'us';
  /** Other legs of the same call (the agent leg of a transfer, the colleague of a callback). */
  relatedIds: string[];
  configVersion: string;
  timeline: TimelineEntry[];
  /** Rules of the standards the call broke (empty: it passed). */
  violations: { rule: string; detail: string }[];
}

/** Filters for listCalls. */
export interface CallRecordFilter {
  since?: string;
  until?: string;
  outcome?: string;
  limit?: number;
}

/** Where finished calls are kept. */
export interface CallRecordStore {
  saveCall(record: CallRecord): Promise<void>;
  getCall(id: string): Promise<CallRecord | undefined>;
  /** Newest first. */
  listCalls(filter?: CallRecordFilter): Promise<CallRecord[]>;
}

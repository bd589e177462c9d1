/**
 * The contract for keeping finished calls' timelines, so a call can be
 * reviewed after it ended and after a restart (standards section 10). The
 * SQLite and PostgreSQL stores (sqlite-call-records.ts, pg-call-records.ts)
 * keep them in the callback queue's database, in their own table; both
 * keep a bounded number of records (by count and by age).
 */
import type { TimelineEntry } from '../call/timeline.js';

/** A rule of the standards a call broke, as the standards check reports it. */
export interface CallViolation {
  rule: string;
  /** Milliseconds for timed rules, a word otherwise. */
  measured: number | string;
  threshold: number | string;
  /** Where in the timeline (ms since the call began). */
  at: number;
  from?: number;
  detail: string;
}

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
  /** Another leg's timeline kept with the call (the colleague's leg of a callback). */
  otherLeg?: { name: string; timeline: TimelineEntry[] };
  /** Rules of the standards the call broke (empty: it passed); undefined when it was not checked. */
  violations?: CallViolation[];
}

/** Filters for listCalls. */
export interface CallRecordFilter {
  /** ISO times on startedAt. */
  since?: string;
  until?: string;
  outcome?: string;
  limit?: number;
}

/** How many records a store keeps: the oldest go first past either bound. */
export interface CallRecordRetention {
  /** Default 20,000 calls. */
  maxRecords?: number;
  /** Default 30 days, by start time. */
  maxAgeMs?: number;
}

export const DEFAULT_MAX_CALL_RECORDS = 20_000;
export const DEFAULT_CALL_RECORD_MAX_AGE_MS = 30 * 24 * 3600_000;

/** Where finished calls are kept. */
export interface CallRecordStore {
  /**
   * Saves (or replaces: same id and start time) a record; prunes past the
   * retention bounds. Channel ids can come back (Asterisk's are time.seq;
   * the simulator pretends the same moment after each restart), so a call
   * is its id and its start time, and an older call of the same id is kept.
   */
  saveCall(record: CallRecord): Promise<void>;
  /** The newest call with this id. */
  getCall(id: string): Promise<CallRecord | undefined>;
  /** Newest first. */
  listCalls(filter?: CallRecordFilter): Promise<CallRecord[]>;
  close(): Promise<void>;
}

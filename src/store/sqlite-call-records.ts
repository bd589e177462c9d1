/**
 * Finished calls in SQLite (the callback queue's file by default), one row
 * per call with the record as JSON beside the columns lists filter on. The
 * table is this store's own (CREATE IF NOT EXISTS: its first and only
 * schema so far), so the queue's migrations are not touched. WAL with
 * synchronous=NORMAL: a record is review material, not a promise to a
 * caller; losing the last one on a power cut is acceptable, slowing every
 * call's end with an fsync is not.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Clock } from '../clock/clock.js';
import {
  DEFAULT_CALL_RECORD_MAX_AGE_MS,
  DEFAULT_MAX_CALL_RECORDS,
  type CallRecord,
  type CallRecordFilter,
  type CallRecordRetention,
  type CallRecordStore,
} from './call-records.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS call_records (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL,
  started_ms INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  record TEXT NOT NULL,
  UNIQUE (id, started_ms)
);
CREATE INDEX IF NOT EXISTS call_records_started ON call_records (started_ms);
`;

export class SqliteCallRecords implements CallRecordStore {
  private closed = false;

  private constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
    private readonly keep: Required<CallRecordRetention>,
  ) {}

  /** Opens (creating the file, its folder and the table if needed). `:memory:` is allowed. */
  static open(file: string, clock: Clock, retention: CallRecordRetention = {}): SqliteCallRecords {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      // Per connection: the callback queue's own connection to the same file keeps FULL.
      db.pragma('synchronous = NORMAL');
      db.exec(SCHEMA);
    } catch (err) {
      db.close();
      throw err;
    }
    return new SqliteCallRecords(db, clock, { maxRecords: retention.maxRecords ?? DEFAULT_MAX_CALL_RECORDS, maxAgeMs: retention.maxAgeMs ?? DEFAULT_CALL_RECORD_MAX_AGE_MS });
  }

  async saveCall(r: CallRecord): Promise<void> {
    this.assertOpen();
    const started = Date.parse(r.startedAt);
    this.db.transaction(() => {
      // A replaced record takes a new seq: it is the newest write.
      this.db.prepare('DELETE FROM call_records WHERE id = ? AND started_ms = ?').run(r.id, started);
      this.db.prepare('INSERT INTO call_records (id, started_ms, outcome, record) VALUES (?, ?, ?, ?)').run(r.id, started, r.outcome, JSON.stringify(r));
      this.db.prepare('DELETE FROM call_records WHERE started_ms < ?').run(this.clock.now() - this.keep.maxAgeMs);
      this.db
        .prepare('DELETE FROM call_records WHERE seq <= (SELECT seq FROM call_records ORDER BY seq DESC LIMIT 1 OFFSET ?)')
        .run(this.keep.maxRecords);
    })();
  }

  async getCall(id: string): Promise<CallRecord | undefined> {
    this.assertOpen();
    const row = this.db.prepare('SELECT record FROM call_records WHERE id = ? ORDER BY started_ms DESC, seq DESC LIMIT 1').get(id) as { record: string } | undefined;
    return row ? (JSON.parse(row.record) as CallRecord) : undefined;
  }

  async listCalls(f: CallRecordFilter = {}): Promise<CallRecord[]> {
    this.assertOpen();
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (sql: string, v: string | number): void => {
      where.push(sql);
      args.push(v);
    };
    if (f.since !== undefined) add('started_ms >= ?', Date.parse(f.since));
    if (f.until !== undefined) add('started_ms < ?', Date.parse(f.until));
    if (f.outcome !== undefined) add('outcome = ?', f.outcome);
    const sql = `SELECT record FROM call_records ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY started_ms DESC, seq DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, Math.max(0, Math.trunc(f.limit ?? 500))) as { record: string }[];
    return rows.map((r) => JSON.parse(r.record) as CallRecord);
  }

  /** Rows kept (tests and ops). */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM call_records').get() as { n: number }).n;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the call record store is closed');
  }
}

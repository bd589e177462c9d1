/**
 * Finished calls in PostgreSQL (the shared callback queue's database), so
 * every instance's calls can be reviewed from any of them. Its own table,
 * created if missing (its first and only schema so far), beside the queue's
 * migrated tables. Pruned past the retention bounds on every save.
 */
import pg from 'pg';
import type { Clock } from '../clock/clock.js';
import {
  DEFAULT_CALL_RECORD_MAX_AGE_MS,
  DEFAULT_MAX_CALL_RECORDS,
  type CallRecord,
  type CallRecordFilter,
  type CallRecordRetention,
  type CallRecordStore,
} from './call-records.js';

/** How to reach the database. */
export interface PgCallRecordsOptions extends CallRecordRetention {
  connectionString: string;
  clock: Clock;
  /** Schema for the table (search_path); default the role's. */
  schema?: string;
  connectTimeoutMs?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS call_records (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL,
  started_ms BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  record JSONB NOT NULL,
  UNIQUE (id, started_ms)
);
CREATE INDEX IF NOT EXISTS call_records_started ON call_records (started_ms);
`;
// Two instances starting at once must not race on CREATE TABLE IF NOT EXISTS.
const CREATE_LOCK = `SELECT pg_advisory_xact_lock(hashtext('hotline.call_records.create:' || COALESCE(current_schema(), '')))`;

export class PgCallRecords implements CallRecordStore {
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Clock,
    private readonly keep: Required<CallRecordRetention>,
  ) {}

  static async open(o: PgCallRecordsOptions): Promise<PgCallRecords> {
    const config: pg.PoolConfig = { connectionString: o.connectionString, max: 2, connectionTimeoutMillis: o.connectTimeoutMs ?? 10_000 };
    if (o.schema !== undefined) {
      if (!/^[a-z_][a-z0-9_]*$/.test(o.schema)) throw new Error(`schema name must be a plain identifier: ${JSON.stringify(o.schema)}`);
      config.options = `-c search_path=${o.schema}`;
    }
    const pool = new pg.Pool(config);
    pool.on('error', () => undefined);
    try {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        await c.query(CREATE_LOCK);
        await c.query(SCHEMA);
        await c.query('COMMIT');
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    } catch (err) {
      await pool.end();
      throw err;
    }
    return new PgCallRecords(pool, o.clock, { maxRecords: o.maxRecords ?? DEFAULT_MAX_CALL_RECORDS, maxAgeMs: o.maxAgeMs ?? DEFAULT_CALL_RECORD_MAX_AGE_MS });
  }

  async saveCall(r: CallRecord): Promise<void> {
    this.assertOpen();
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      await c.query('DELETE FROM call_records WHERE id = $1 AND started_ms = $2', [r.id, Date.parse(r.startedAt)]);
      await c.query('INSERT INTO call_records (id, started_ms, outcome, record) VALUES ($1, $2, $3, $4)', [r.id, Date.parse(r.startedAt), r.outcome, JSON.stringify(r)]);
      await c.query('DELETE FROM call_records WHERE started_ms < $1', [this.clock.now() - this.keep.maxAgeMs]);
      await c.query('DELETE FROM call_records WHERE seq <= (SELECT seq FROM call_records ORDER BY seq DESC LIMIT 1 OFFSET $1)', [this.keep.maxRecords]);
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  }

  async getCall(id: string): Promise<CallRecord | undefined> {
    this.assertOpen();
    const r = await this.pool.query<{ record: CallRecord }>('SELECT record FROM call_records WHERE id = $1 ORDER BY started_ms DESC, seq DESC LIMIT 1', [id]);
    return r.rows[0]?.record;
  }

  async listCalls(f: CallRecordFilter = {}): Promise<CallRecord[]> {
    this.assertOpen();
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (sql: string, v: string | number): void => {
      args.push(v);
      where.push(sql.replace('?', `$${args.length}`));
    };
    if (f.since !== undefined) add('started_ms >= ?', Date.parse(f.since));
    if (f.until !== undefined) add('started_ms < ?', Date.parse(f.until));
    if (f.outcome !== undefined) add('outcome = ?', f.outcome);
    args.push(Math.max(0, Math.trunc(f.limit ?? 500)));
    const sql = `SELECT record FROM call_records ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY started_ms DESC, seq DESC LIMIT $${args.length}`;
    const r = await this.pool.query<{ record: CallRecord }>(sql, args);
    return r.rows.map((x) => x.record);
  }

  /** Rows kept (tests and ops). */
  async count(): Promise<number> {
    const r = await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM call_records');
    return Number(r.rows[0]?.n ?? 0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the call record store is closed');
  }
}

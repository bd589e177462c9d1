/**
 * The shared durable CallbackQueue: PostgreSQL (pg), for several controller
 * instances on one database.
 *
 * Races it closes: migrations run under pg_advisory_xact_lock, so instances
 * starting together apply each step once; capture takes an advisory xact
 * lock on (number, target) before looking for an open duplicate, so two
 * captures of the same caller cannot both insert; claim picks rows with
 * FOR UPDATE SKIP LOCKED, so concurrent dialers never get the same row and
 * never wait on each other. Time is the injected Clock's, passed as
 * parameters, never the database's now(), so tests run on virtual time.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
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
import { byDueOrder, type CallbackRow, isoToMs, nextColumns, rowToRequest } from './callback-row.js';
import { DEFAULT_MERGE_WINDOW_MS } from './memory-callback-queue.js';
import { PG_MIGRATIONS } from './pg-migrations.js';
import type { Migration } from './sqlite-migrations.js';

/** How to reach the database. */
export interface PgQueueOptions {
  connectionString: string;
  clock: Clock;
  /** Schema for the tables (sets search_path on every connection); default the role's. */
  schema?: string;
  /** Pool size. Default 5. */
  max?: number;
  /** Give up connecting after this long (pg's default is to wait forever, which would hang a readiness probe). Default 10 s. */
  connectTimeoutMs?: number;
}

const EFFECTIVE_STATUS = `CASE WHEN status = 'dialing' AND (lease_until_ms IS NULL OR lease_until_ms <= $1) THEN 'pending' ELSE status END`;
const OPEN = `status IN ('pending','dialing')`;
// Advisory lock names, hashed per schema so separate schemas (tests) never contend.
const MIGRATE_LOCK = `pg_advisory_xact_lock(hashtext('hotline.callback_queue.migrate:' || COALESCE(current_schema(), '')))`;
const MERGE_LOCK = `pg_advisory_xact_lock(hashtext('hotline.callback_queue.merge:' || COALESCE(current_schema(), '')), hashtext($1 || '/' || $2))`;

/** Callback requests in PostgreSQL. */
export class PgCallbackQueue implements CallbackQueue {
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly clock: Clock,
  ) {}

  /** Connects and migrates; rejects (and closes the pool) when the database cannot be used. */
  static async open(opts: PgQueueOptions): Promise<PgCallbackQueue> {
    const config: pg.PoolConfig = { connectionString: opts.connectionString, max: opts.max ?? 5, connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000 };
    if (opts.schema !== undefined) {
      if (!/^[a-z_][a-z0-9_]*$/.test(opts.schema)) throw new Error(`schema name must be a plain identifier: ${JSON.stringify(opts.schema)}`);
      config.options = `-c search_path=${opts.schema}`;
    }
    const pool = new pg.Pool(config);
    // An idle connection dropped by the server emits 'error' on the pool; left
    // unhandled it would crash the process. The next query reconnects or rejects.
    pool.on('error', () => undefined);
    const q = new PgCallbackQueue(pool, opts.clock);
    try {
      await q.tx((c) => migrate(c, PG_MIGRATIONS, opts.clock.now()));
    } catch (err) {
      await pool.end();
      throw err;
    }
    return q;
  }

  /** The schema version the database is at. */
  async schemaVersion(): Promise<number> {
    this.assertOpen();
    return currentVersion(this.pool);
  }

  async capture(req: NewCallbackRequest, opts: { mergeWindowMs?: number } = {}): Promise<CaptureResult> {
    this.assertOpen();
    assertStorable(req);
    const now = this.clock.now();
    const window = opts.mergeWindowMs ?? DEFAULT_MERGE_WINDOW_MS;
    return this.tx(async (c) => {
      await c.query(`SELECT ${MERGE_LOCK}`, [req.number, req.target]);
      const open = await c.query<{ seq: string }>(
        `SELECT seq FROM callback_requests WHERE ${OPEN} AND number = $1 AND target = $2 AND created_ms > $3 ORDER BY created_ms, seq LIMIT 1 FOR UPDATE`,
        [req.number, req.target, now - window],
      );
      const seq = open.rows[0]?.seq;
      const common = [req.callId, req.lineType, req.reason, req.language, req.callerNumber, req.extension ?? null, req.nameRecording ?? null, now];
      if (seq !== undefined) {
        const r = await c.query<CallbackRow>(
          `UPDATE callback_requests SET call_id = $1, line_type = $2, reason = $3, language = $4, caller_number = $5,
             extension = COALESCE($6, extension), name_recording = COALESCE($7, name_recording), updated_ms = $8
           WHERE seq = $9 RETURNING *`,
          [...common, seq],
        );
        return { request: rowToRequest(one(r.rows), now), merged: true };
      }
      const r = await c.query<CallbackRow>(
        `INSERT INTO callback_requests (call_id, line_type, reason, language, caller_number, extension, name_recording,
           created_ms, updated_ms, not_before_ms, id, number, target, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8, $9, $10, $11, 'pending') RETURNING *`,
        [...common, randomUUID(), req.number, req.target],
      );
      return { request: rowToRequest(one(r.rows), now), merged: false };
    });
  }

  async list(filter: CallbackFilter = {}): Promise<CallbackRequest[]> {
    this.assertOpen();
    const now = this.clock.now();
    const r = await this.pool.query<CallbackRow>(
      `SELECT * FROM callback_requests
       WHERE ($2::bigint IS NULL OR created_ms >= $2) AND ($3::text IS NULL OR target = $3)
         AND ($4::text[] IS NULL OR ${EFFECTIVE_STATUS} = ANY($4))
       ORDER BY created_ms, seq LIMIT $5`,
      [now, filter.since === undefined ? null : isoToMs(filter.since, 'since'), filter.target ?? null, filter.status ?? null, filter.limit ?? null],
    );
    return r.rows.map((row) => rowToRequest(row, now));
  }

  async get(id: string): Promise<CallbackRequest | undefined> {
    this.assertOpen();
    const now = this.clock.now();
    const r = await this.pool.query<CallbackRow>('SELECT * FROM callback_requests WHERE id = $1', [id]);
    return r.rows[0] ? rowToRequest(r.rows[0], now) : undefined;
  }

  async claim(o: { instance: string; targets: string[]; leaseMs: number; limit?: number }): Promise<CallbackRequest[]> {
    this.assertOpen();
    const now = this.clock.now();
    // One statement, one round trip, its own transaction: the row locks
    // (SKIP LOCKED: a row another dialer is claiming right now is passed
    // over, never waited for) and the UPDATE commit together. Each source
    // of work is read from its own partial index (migration 2): due pending
    // rows of the target in due order, and dialing rows whose lease ran out.
    // A dialer worker claims for one target: "target = $2" lets the planner
    // read the index in order and stop at the first free row; with = ANY it
    // could not, and would sort every due row of the targets first.
    const one = o.targets.length === 1;
    const target = one ? 'target = $2::text' : 'target = ANY($2::text[])';
    const r = await this.pool.query<CallbackRow & { seq: string }>(
      `WITH due AS (
         SELECT seq, not_before_ms, created_ms FROM callback_requests
         WHERE status = 'pending' AND ${target} AND not_before_ms <= $1
         ORDER BY not_before_ms, created_ms, seq LIMIT $3
         FOR UPDATE SKIP LOCKED),
       lapsed AS (
         SELECT seq, not_before_ms, created_ms FROM callback_requests
         WHERE status = 'dialing' AND lease_until_ms <= $1 AND ${target}
         ORDER BY not_before_ms, created_ms, seq LIMIT $3
         FOR UPDATE SKIP LOCKED),
       picked AS (
         SELECT seq FROM (SELECT * FROM due UNION ALL SELECT * FROM lapsed) both_
         ORDER BY not_before_ms, created_ms, seq LIMIT $3)
       UPDATE callback_requests r SET status = 'dialing', lease_instance = $4, lease_until_ms = $5, updated_ms = $1
       FROM picked WHERE r.seq = picked.seq RETURNING r.*`,
      [now, one ? o.targets[0] : o.targets, o.limit ?? null, o.instance, now + o.leaseMs],
    );
    // RETURNING has no defined order; the contract promises due order.
    const rows = r.rows.sort(byDueOrder);
    return rows.map((row) => rowToRequest(row, now));
  }

  async renewLease(id: string, instance: string, leaseMs: number): Promise<boolean> {
    this.assertOpen();
    const now = this.clock.now();
    const r = await this.pool.query(
      `UPDATE callback_requests SET lease_until_ms = $4
       WHERE id = $1 AND status = 'dialing' AND lease_instance = $2 AND lease_until_ms > $3`,
      [id, instance, now, now + leaseMs],
    );
    return r.rowCount === 1;
  }

  async recordAttempt(
    id: string,
    instance: string,
    attempt: Omit<CallbackAttempt, 'instance'>,
    next: { status: 'pending'; retryAt: string } | { status: 'completed' | 'failed' | 'cancelled'; reason?: string },
  ): Promise<boolean> {
    this.assertOpen();
    const now = this.clock.now();
    const { notBeforeMs: notBefore, reason } = nextColumns(next);
    const r = await this.pool.query(
      `UPDATE callback_requests SET attempts = attempts || jsonb_build_array($4::jsonb), updated_ms = $3,
         status = $5, lease_instance = NULL, lease_until_ms = NULL,
         not_before_ms = COALESCE($6::bigint, not_before_ms), closed_reason = COALESCE($7, closed_reason)
       WHERE id = $1 AND status = 'dialing' AND lease_instance = $2 AND lease_until_ms > $3`,
      [id, instance, now, JSON.stringify({ ...attempt, instance }), next.status, notBefore, reason],
    );
    return r.rowCount === 1;
  }

  async release(id: string, instance: string, notBefore: string): Promise<boolean> {
    this.assertOpen();
    const now = this.clock.now();
    const r = await this.pool.query(
      `UPDATE callback_requests SET status = 'pending', lease_instance = NULL, lease_until_ms = NULL, not_before_ms = $4, updated_ms = $3
       WHERE id = $1 AND status = 'dialing' AND lease_instance = $2 AND lease_until_ms > $3`,
      [id, instance, now, isoToMs(notBefore, 'notBefore')],
    );
    return r.rowCount === 1;
  }

  async markDone(id: string, by: string): Promise<boolean> {
    return this.closeOpen(id, 'completed', `done by ${by}`);
  }

  async cancel(id: string, by: string): Promise<boolean> {
    return this.closeOpen(id, 'cancelled', `cancelled by ${by}`);
  }

  async addDoNotCall(number: string, source: string): Promise<void> {
    this.assertOpen();
    await this.pool.query('INSERT INTO do_not_call (number, source, added_ms) VALUES ($1, $2, $3) ON CONFLICT (number) DO NOTHING', [
      number,
      source,
      this.clock.now(),
    ]);
  }

  async isDoNotCall(number: string): Promise<boolean> {
    this.assertOpen();
    const r = await this.pool.query('SELECT 1 FROM do_not_call WHERE number = $1', [number]);
    return r.rows.length > 0;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async closeOpen(id: string, status: 'completed' | 'cancelled', reason: string): Promise<boolean> {
    this.assertOpen();
    const r = await this.pool.query(
      `UPDATE callback_requests SET status = $2, closed_reason = $3, lease_instance = NULL, lease_until_ms = NULL, updated_ms = $4
       WHERE id = $1 AND ${OPEN}`,
      [id, status, reason, this.clock.now()],
    );
    return r.rowCount === 1;
  }

  /** Runs fn in one transaction on one connection; rolls back on any error. */
  private async tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      c.release();
      return out;
    } catch (err) {
      // A connection that failed mid-transaction is thrown away, not reused.
      await c.query('ROLLBACK').catch(() => undefined);
      c.release(err instanceof Error ? err : true);
      throw err;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('callback queue is closed');
  }
}

function one(rows: CallbackRow[]): CallbackRow {
  const row = rows[0];
  if (!row) throw new Error('callback queue: statement returned no row');
  return row;
}

async function currentVersion(c: pg.Pool | pg.PoolClient): Promise<number> {
  const r = await c.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_version');
  return r.rows[0]?.v ?? 0;
}

/** Brings the schema to the newest version, one instance at a time; refuses a newer schema. */
async function migrate(c: pg.PoolClient, migrations: readonly Migration[], now: number): Promise<void> {
  await c.query(`SELECT ${MIGRATE_LOCK}`);
  await c.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_ms BIGINT NOT NULL)');
  const at = await currentVersion(c);
  const newest = migrations.at(-1)?.version ?? 0;
  if (at > newest) throw new Error(`callback queue schema is at version ${at}, newer than this code knows (${newest})`);
  for (const m of migrations) {
    if (m.version <= at) continue;
    await c.query(m.sql);
    await c.query('INSERT INTO schema_version (version, description, applied_ms) VALUES ($1, $2, $3)', [m.version, m.description, now]);
  }
}

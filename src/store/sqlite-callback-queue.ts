/**
 * The embedded durable CallbackQueue: one SQLite file (better-sqlite3).
 *
 * Durability: WAL journal with synchronous=FULL, so a COMMIT has been fsync'd
 * when the statement returns, and capture() resolves only after that. Every
 * write runs in BEGIN IMMEDIATE, which takes the write lock up front: two
 * processes sharing the file queue on busy_timeout instead of failing with
 * SQLITE_BUSY half-way through a read-then-write. Time is the injected
 * Clock's, never SQLite's, so tests run on virtual time.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
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
import { SQLITE_MIGRATIONS, type Migration } from './sqlite-migrations.js';

/** Options for opening the file. */
export interface SqliteQueueOptions {
  /** How long a write waits for another process's write lock. Default 5 s. */
  busyTimeoutMs?: number;
}

/** A status as open rows are seen at @now: a dialing row whose lease ran out is pending. */
const EFFECTIVE_STATUS = `CASE WHEN status = 'dialing' AND (lease_until_ms IS NULL OR lease_until_ms <= @now) THEN 'pending' ELSE status END`;
const OPEN = `status IN ('pending','dialing')`;

/** Callback requests in a SQLite file. */
export class SqliteCallbackQueue implements CallbackQueue {
  private closed = false;
  /** Prepared once per SQL text: preparing costs more than running these small statements. */
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  /** Opens (creating the file and its folder if needed) and migrates the schema. `:memory:` is allowed. */
  static open(file: string, clock: Clock, opts: SqliteQueueOptions = {}): SqliteCallbackQueue {
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5_000))}`);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      migrate(db, SQLITE_MIGRATIONS, clock.now());
    } catch (err) {
      db.close();
      throw err;
    }
    return new SqliteCallbackQueue(db, clock);
  }

  /** The schema version the file is at (for ops and tests). */
  schemaVersion(): number {
    this.assertOpen();
    return currentVersion(this.db);
  }

  async capture(req: NewCallbackRequest, opts: { mergeWindowMs?: number } = {}): Promise<CaptureResult> {
    this.assertOpen();
    assertStorable(req);
    const now = this.clock.now();
    const window = opts.mergeWindowMs ?? DEFAULT_MERGE_WINDOW_MS;
    const run = this.db.transaction((): CaptureResult => {
      const open = this.prepare(`SELECT seq FROM callback_requests WHERE ${OPEN} AND number = ? AND target = ? AND created_ms > ? ORDER BY created_ms, seq LIMIT 1`)
        .get(req.number, req.target, now - window) as { seq: number } | undefined;
      const fields = {
        call_id: req.callId,
        line_type: req.lineType,
        reason: req.reason,
        language: req.language,
        caller_number: req.callerNumber,
        extension: req.extension ?? null,
        name_recording: req.nameRecording ?? null,
        now,
      };
      if (open) {
        const row = this.prepare(
            `UPDATE callback_requests SET call_id = @call_id, line_type = @line_type, reason = @reason, language = @language,
               caller_number = @caller_number, extension = COALESCE(@extension, extension),
               name_recording = COALESCE(@name_recording, name_recording), updated_ms = @now
             WHERE seq = @seq RETURNING *`,
          )
          .get({ ...fields, seq: open.seq }) as CallbackRow;
        return { request: rowToRequest(row, now), merged: true };
      }
      const row = this.prepare(
          `INSERT INTO callback_requests (id, call_id, number, extension, line_type, name_recording, target, reason, language,
             caller_number, status, created_ms, updated_ms, not_before_ms)
           VALUES (@id, @call_id, @number, @extension, @line_type, @name_recording, @target, @reason, @language,
             @caller_number, 'pending', @now, @now, @now) RETURNING *`,
        )
        .get({ ...fields, id: randomUUID(), number: req.number, target: req.target }) as CallbackRow;
      return { request: rowToRequest(row, now), merged: false };
    });
    return run.immediate();
  }

  async list(filter: CallbackFilter = {}): Promise<CallbackRequest[]> {
    this.assertOpen();
    const now = this.clock.now();
    const rows = this.prepare(
        `SELECT * FROM callback_requests
         WHERE (@since IS NULL OR created_ms >= @since) AND (@target IS NULL OR target = @target)
           AND (@statuses IS NULL OR ${EFFECTIVE_STATUS} IN (SELECT value FROM json_each(@statuses)))
         ORDER BY created_ms, seq LIMIT @limit`,
      )
      .all({
        now,
        since: filter.since === undefined ? null : isoToMs(filter.since, 'since'),
        target: filter.target ?? null,
        statuses: filter.status ? JSON.stringify(filter.status) : null,
        limit: filter.limit ?? -1,
      }) as CallbackRow[];
    return rows.map((r) => rowToRequest(r, now));
  }

  async get(id: string): Promise<CallbackRequest | undefined> {
    this.assertOpen();
    const row = this.prepare('SELECT * FROM callback_requests WHERE id = ?').get(id) as CallbackRow | undefined;
    return row ? rowToRequest(row, this.clock.now()) : undefined;
  }

  async claim(o: { instance: string; targets: string[]; leaseMs: number; limit?: number }): Promise<CallbackRequest[]> {
    this.assertOpen();
    const now = this.clock.now();
    // Two sources, each from its own partial index (migration 2), as on PostgreSQL:
    // due pending rows in due order, and dialing rows whose lease ran out. The
    // latter are few (only a dead instance leaves them, at most its calls at
    // once), so they are all read and sorted; an ORDER BY ... LIMIT on them
    // can make SQLite walk a whole index in that order instead.
    // One target (a dialer worker's claim) reads the pending index in order, no sort.
    const one = o.targets.length === 1;
    const target = one ? 'target = @target' : 'target IN (SELECT value FROM json_each(@targets))';
    const claim = this.db.transaction(
      () =>
        this.prepare(
            `UPDATE callback_requests SET status = 'dialing', lease_instance = @instance, lease_until_ms = @until, updated_ms = @now
             WHERE seq IN (
               SELECT seq FROM (
                 SELECT * FROM (
                   SELECT seq, not_before_ms, created_ms FROM callback_requests
                   WHERE status = 'pending' AND ${target} AND not_before_ms <= @now
                   ORDER BY not_before_ms, created_ms, seq LIMIT @limit)
                 UNION ALL
                 SELECT seq, not_before_ms, created_ms FROM callback_requests
                 WHERE status = 'dialing' AND lease_until_ms <= @now AND ${target})
               ORDER BY not_before_ms, created_ms, seq LIMIT @limit)
             RETURNING *`,
          )
          .all({ now, instance: o.instance, until: now + o.leaseMs, ...(one ? { target: o.targets[0] } : { targets: JSON.stringify(o.targets) }), limit: o.limit ?? -1 }) as (CallbackRow & {
          seq: number;
        })[],
    );
    // RETURNING has no defined order; the contract promises due order.
    const rows = claim.immediate().sort(byDueOrder);
    return rows.map((r) => rowToRequest(r, now));
  }

  async renewLease(id: string, instance: string, leaseMs: number): Promise<boolean> {
    this.assertOpen();
    const now = this.clock.now();
    const renew = this.db.transaction(
      () =>
        this.prepare(
            `UPDATE callback_requests SET lease_until_ms = @until
             WHERE id = @id AND status = 'dialing' AND lease_instance = @instance AND lease_until_ms > @now`,
          )
          .run({ id, instance, now, until: now + leaseMs }).changes,
    );
    return renew.immediate() === 1;
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
    const record = this.db.transaction(
      () =>
        this.prepare(
            `UPDATE callback_requests SET attempts = json_insert(attempts, '$[#]', json(@attempt)), updated_ms = @now,
               status = @status, lease_instance = NULL, lease_until_ms = NULL,
               not_before_ms = COALESCE(@not_before, not_before_ms), closed_reason = COALESCE(@reason, closed_reason)
             WHERE id = @id AND status = 'dialing' AND lease_instance = @instance AND lease_until_ms > @now`,
          )
          .run({ id, instance, now, status: next.status, not_before: notBefore, reason, attempt: JSON.stringify({ ...attempt, instance }) }).changes,
    );
    return record.immediate() === 1;
  }

  async release(id: string, instance: string, notBefore: string): Promise<boolean> {
    this.assertOpen();
    const now = this.clock.now();
    const notBeforeMs = isoToMs(notBefore, 'notBefore');
    const release = this.db.transaction(
      () =>
        this.prepare(
            `UPDATE callback_requests SET status = 'pending', lease_instance = NULL, lease_until_ms = NULL, not_before_ms = @not_before, updated_ms = @now
             WHERE id = @id AND status = 'dialing' AND lease_instance = @instance AND lease_until_ms > @now`,
          )
          .run({ id, instance, now, not_before: notBeforeMs }).changes,
    );
    return release.immediate() === 1;
  }

  async markDone(id: string, by: string): Promise<boolean> {
    return this.closeOpen(id, 'completed', `done by ${by}`);
  }

  async cancel(id: string, by: string): Promise<boolean> {
    return this.closeOpen(id, 'cancelled', `cancelled by ${by}`);
  }

  async addDoNotCall(number: string, source: string): Promise<void> {
    this.assertOpen();
    const now = this.clock.now();
    this.db.transaction(() => this.prepare('INSERT OR IGNORE INTO do_not_call (number, source, added_ms) VALUES (?, ?, ?)').run(number, source, now)).immediate();
  }

  async isDoNotCall(number: string): Promise<boolean> {
    this.assertOpen();
    return this.prepare('SELECT 1 FROM do_not_call WHERE number = ?').get(number) !== undefined;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private closeOpen(id: string, status: 'completed' | 'cancelled', reason: string): boolean {
    this.assertOpen();
    const now = this.clock.now();
    const run = this.db.transaction(
      () =>
        this.prepare(
            `UPDATE callback_requests SET status = @status, closed_reason = @reason, lease_instance = NULL, lease_until_ms = NULL, updated_ms = @now
             WHERE id = @id AND ${OPEN}`,
          )
          .run({ id, status, reason, now }).changes,
    );
    return run.immediate() === 1;
  }

  private prepare(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('callback queue is closed');
  }
}

function currentVersion(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

/** Brings the file to the newest schema; refuses a file written by newer code. */
function migrate(db: Database.Database, migrations: readonly Migration[], now: number): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_ms INTEGER NOT NULL)');
    const at = currentVersion(db);
    const newest = migrations.at(-1)?.version ?? 0;
    if (at > newest) throw new Error(`callback queue schema is at version ${at}, newer than this code knows (${newest})`);
    for (const m of migrations) {
      if (m.version <= at) continue;
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_version (version, description, applied_ms) VALUES (?, ?, ?)').run(m.version, m.description, now);
    }
  }).immediate();
}

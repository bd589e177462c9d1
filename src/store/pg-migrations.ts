/**
 * Numbered schema migrations of the PostgreSQL callback queue (same shape as
 * the SQLite ones). Tables are unqualified: they land in the first schema of
 * the connection's search_path, so tests can each use a fresh schema.
 * Times are BIGINT epoch milliseconds from the injected Clock, never now().
 */
import type { Migration } from './sqlite-migrations.js';

export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'callback requests (attempts as a jsonb array) and the do-not-call list',
    sql: `
      CREATE TABLE callback_requests (
        seq BIGSERIAL PRIMARY KEY, -- tie-break for "oldest first"
        id TEXT NOT NULL UNIQUE,
        call_id TEXT NOT NULL,
        number TEXT NOT NULL,
        extension TEXT,
        line_type TEXT NOT NULL,
        name_recording TEXT,
        target TEXT NOT NULL,
        reason TEXT NOT NULL,
        language TEXT NOT NULL,
        caller_number TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending','dialing','completed','failed','cancelled')),
        created_ms BIGINT NOT NULL,
        updated_ms BIGINT NOT NULL,
        not_before_ms BIGINT NOT NULL,
        attempts JSONB NOT NULL DEFAULT '[]'::jsonb,
        lease_instance TEXT,
        lease_until_ms BIGINT,
        closed_reason TEXT
      );
      -- Claim and merge read only open rows; partial indexes keep them cheap.
      CREATE INDEX callback_open_order ON callback_requests (created_ms, seq) WHERE status IN ('pending','dialing');
      CREATE INDEX callback_open_dedupe ON callback_requests (number, target) WHERE status IN ('pending','dialing');
      CREATE INDEX callback_created ON callback_requests (created_ms, seq);
      CREATE TABLE do_not_call (
        number TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        added_ms BIGINT NOT NULL
      );
    `,
  },
  {
    version: 2,
    description: 'claim indexes: pending rows per target in due order, dialing rows per target by lease end (replace the open-rows order index)',
    // Claims read pending rows of one target in due order (not_before_ms, then
    // created_ms, seq), and dialing rows whose lease ran out. The old
    // (created_ms, seq) index over all open rows made a claim step over every
    // request other instances held before the first free row; and since
    // callback_created gives the same order, the planner could not tell the
    // two apart. Only this index yields due order, so it is always the one used.
    // The dialing index leads with target too: with lease_until_ms alone the
    // planner, before statistics exist, read all rows of the target through
    // the dedupe index instead (2 ms at 12,000 rows).
    sql: `
      CREATE INDEX callback_pending_claim ON callback_requests (target, not_before_ms, created_ms, seq) WHERE status = 'pending';
      CREATE INDEX callback_dialing_lease ON callback_requests (target, lease_until_ms) WHERE status = 'dialing';
      DROP INDEX callback_open_order;
    `,
  },
];

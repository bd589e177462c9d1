/**
 * Opens the call record store from the environment, in the same database
 * as the callback queue (the same rule as open-callback-queue.ts):
 * DATABASE_URL -> PostgreSQL, otherwise SQLite at CALLBACK_DB_PATH
 * (default ./data/callbacks.sqlite). Retention: CALL_RECORDS_KEEP calls
 * (default 20,000) and CALL_RECORDS_DAYS days (default 30).
 */
import path from 'node:path';
import type { Clock } from '../clock/clock.js';
import { DEFAULT_CALL_RECORD_MAX_AGE_MS, DEFAULT_MAX_CALL_RECORDS, type CallRecordRetention, type CallRecordStore } from './call-records.js';
import { DEFAULT_CALLBACK_DB_PATH, maskPassword } from './open-callback-queue.js';
import { PgCallRecords } from './pg-call-records.js';
import { SqliteCallRecords } from './sqlite-call-records.js';

type Env = Readonly<Record<string, string | undefined>>;

/** The retention bounds from CALL_RECORDS_KEEP / CALL_RECORDS_DAYS; throws on a value that is not a positive number. */
export function callRecordRetention(env: Env): Required<CallRecordRetention> {
  const num = (name: string, def: number): number => {
    const v = env[name]?.trim();
    if (!v) return def;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(v)}`);
    return n;
  };
  return { maxRecords: Math.trunc(num('CALL_RECORDS_KEEP', DEFAULT_MAX_CALL_RECORDS)), maxAgeMs: num('CALL_RECORDS_DAYS', DEFAULT_CALL_RECORD_MAX_AGE_MS / 86_400_000) * 86_400_000 };
}

/** Opens (creating its table) the store; rejects with a message fit for a log (password masked). */
export async function openCallRecords(o: { env: Env; clock: Clock; cwd: string }): Promise<CallRecordStore> {
  const retention = callRecordRetention(o.env);
  const url = o.env['DATABASE_URL']?.trim();
  if (url) {
    try {
      return await PgCallRecords.open({ connectionString: url, clock: o.clock, ...retention });
    } catch (err) {
      throw new Error(`cannot open the call records in PostgreSQL ${maskPassword(url)}: ${(err as Error).message}`);
    }
  }
  const p = o.env['CALLBACK_DB_PATH']?.trim() || DEFAULT_CALLBACK_DB_PATH;
  const file = p === ':memory:' ? p : path.resolve(o.cwd, p);
  try {
    return SqliteCallRecords.open(file, o.clock, retention);
  } catch (err) {
    throw new Error(`cannot open the call records in SQLite ${file}: ${(err as Error).message}`);
  }
}

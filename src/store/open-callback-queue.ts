/**
 * Picks and opens the callback queue from the environment, so the service,
 * the CLI and ops scripts all agree on where requests live:
 *   DATABASE_URL set (postgres:// or postgresql://) -> PostgreSQL, shared by instances;
 *   otherwise SQLite at CALLBACK_DB_PATH (default ./data/callbacks.sqlite,
 *   relative to cwd; ":memory:" for a throwaway queue).
 * Error messages name where it tried, with any password masked: they end up
 * in logs and on terminals.
 */
import path from 'node:path';
import type { Clock } from '../clock/clock.js';
import type { CallbackQueue } from './callback-queue.js';
import { PgCallbackQueue } from './pg-callback-queue.js';
import { SqliteCallbackQueue } from './sqlite-callback-queue.js';

/** The SQLite file used when neither DATABASE_URL nor CALLBACK_DB_PATH is set. */
export const DEFAULT_CALLBACK_DB_PATH = './data/callbacks.sqlite';

/** What openCallbackQueue reads. */
export interface OpenCallbackQueueOptions {
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  /** Folder a relative CALLBACK_DB_PATH is resolved against. */
  cwd: string;
}

/** Where the queue will be, for a startup log line (password masked). */
export function describeCallbackQueue(o: Omit<OpenCallbackQueueOptions, 'clock'>): string {
  const url = databaseUrl(o.env);
  return url !== undefined ? `PostgreSQL ${maskPassword(url)}` : `SQLite ${sqlitePath(o.env, o.cwd)}`;
}

/** Opens (and migrates) the configured queue; rejects with a message fit for a log. */
export async function openCallbackQueue(o: OpenCallbackQueueOptions): Promise<CallbackQueue> {
  const url = databaseUrl(o.env);
  if (url !== undefined) return openPg(url, o.clock);
  const file = sqlitePath(o.env, o.cwd);
  try {
    return SqliteCallbackQueue.open(file, o.clock);
  } catch (err) {
    throw new Error(`cannot open the SQLite callback queue at ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * The password in DATABASE_URL, if any, so the service's logger can mask it
 * wherever it appears (an error from the driver may quote it).
 */
export function databaseUrlPassword(env: OpenCallbackQueueOptions['env']): string | undefined {
  const url = databaseUrl(env);
  if (url === undefined) return undefined;
  try {
    return urlPassword(new URL(url)) || undefined;
  } catch {
    return undefined;
  }
}

function urlPassword(u: URL): string {
  return decodeURIComponent(u.password);
}

/** The URL with its password (if any) replaced by ***; also works on text that is not a valid URL. */
export function maskPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^/:@]*:)[^@/]*@/, '$1***@');
  }
}

// An empty DATABASE_URL (a blank line in .env) means "not set", not "a broken URL".
function databaseUrl(env: OpenCallbackQueueOptions['env']): string | undefined {
  const url = env['DATABASE_URL']?.trim();
  return url ? url : undefined;
}

function sqlitePath(env: OpenCallbackQueueOptions['env'], cwd: string): string {
  const p = env['CALLBACK_DB_PATH']?.trim() || DEFAULT_CALLBACK_DB_PATH;
  return p === ':memory:' ? p : path.resolve(cwd, p);
}

/**
 * Throws when DATABASE_URL is set but cannot be a PostgreSQL URL: a settings
 * mistake to fix, not a server to wait for (the service stops at start-up).
 */
export function checkCallbackQueueEnv(env: OpenCallbackQueueOptions['env']): void {
  const url = databaseUrl(env);
  if (url !== undefined) parsePgUrl(url);
}

function parsePgUrl(url: string): URL {
  const masked = maskPassword(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`DATABASE_URL is not a valid URL: ${masked}`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql://, got ${parsed.protocol}//… (${masked})`);
  }
  if (!parsed.hostname && !parsed.searchParams.get('host')) throw new Error(`DATABASE_URL names no host: ${masked}`);
  return parsed;
}

async function openPg(url: string, clock: Clock): Promise<CallbackQueue> {
  const masked = maskPassword(url);
  const parsed = parsePgUrl(url);
  try {
    return await PgCallbackQueue.open({ connectionString: url, clock });
  } catch (err) {
    const password = urlPassword(parsed);
    let msg = (err as Error).message || String(err);
    if (password) msg = msg.split(password).join('***');
    throw new Error(`cannot open the PostgreSQL callback queue at ${masked}: ${msg}`);
  }
}

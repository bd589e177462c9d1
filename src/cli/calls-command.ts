/**
 * `hotline calls [--live] [--json] [ID]`: the calls the running service keeps
 * (live and recent), read from its ops port, so an admin on the PBX host can
 * look at a call without a browser. Numbers are masked (last 4 digits), as on
 * the ops page; times are UTC, never the terminal's timezone.
 *
 * Where: OPS_URL, else http://OPS_HOST:OPS_PORT (defaults 127.0.0.1:8089);
 * the token from OPS_TOKEN (environment or .env).
 */
import { parseArgs } from 'node:util';
import { formatTimeline, type TimelineEntry } from '../call/timeline.js';
// The shape the ops port sends: one definition for the server and this reader.
import type { CallListItem } from '../ops/views.js';

export const CALLS_USAGE = `usage: hotline calls [--live] [--json]     live and recent calls of the running service
       hotline calls ID [--json]             one call's whole timeline

  Reads the service's ops port: OPS_URL, else http://OPS_HOST:OPS_PORT
  (default http://127.0.0.1:8089), with the token in OPS_TOKEN.`;

/** Output, environment and how to fetch (injectable for tests). */
export interface CallsIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
}


/** Runs the command; returns the exit code (0 ok, 1 service error, 2 usage). */
export async function runCallsCommand(argv: readonly string[], io: CallsIo): Promise<number> {
  let values: { live?: boolean; json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { live: { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    io.err(`hotline calls: ${(err as Error).message}\n${CALLS_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(CALLS_USAGE);
    return 0;
  }
  if (positionals.length > 1 || (positionals.length === 1 && !/^[A-Za-z0-9._-]{1,128}$/.test(positionals[0] as string))) {
    io.err(`hotline calls: give at most one call id (letters, digits, . _ -)\n${CALLS_USAGE}`);
    return 2;
  }
  const base = io.env['OPS_URL']?.trim() || `http://${io.env['OPS_HOST']?.trim() || '127.0.0.1'}:${io.env['OPS_PORT']?.trim() || '8089'}`;
  const id = positionals[0];
  const path = id ? `/calls/${encodeURIComponent(id)}?mask=1` : `/calls${values.live ? '?outcome=live' : ''}`;
  let body: unknown;
  try {
    const token = io.env['OPS_TOKEN']?.trim();
    const res = await fetch(new URL(path, base), { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(10_000) });
    body = await res.json().catch(() => ({}));
    if (!res.ok) {
      const why = (body as { error?: string }).error ?? res.statusText;
      io.err(`hotline calls: the service answered ${res.status}: ${why}${res.status === 401 ? ' (set OPS_TOKEN)' : ''}`);
      return 1;
    }
  } catch (err) {
    io.err(`hotline calls: cannot reach the service's ops port at ${base}: ${(err as Error).message}`);
    return 1;
  }
  if (values.json) {
    io.out(JSON.stringify(body, null, 2));
    return 0;
  }
  if (id) {
    const call = body as CallListItem & { timeline: TimelineEntry[]; verdict?: { pass: boolean; violations: { rule: string; at: number; detail: string }[] } };
    io.out(`${call.id}  from ${call.from}  started ${utc(call.startedAt)}  ${call.live ? `live, in ${call.step}` : `${call.outcome ?? 'ended'} (${call.endedBy ?? '?'} hung up)`}`);
    if (call.verdict) {
      io.out(call.verdict.pass ? 'standards: pass' : `standards: ${call.verdict.violations.length} rule(s) broken`);
      for (const v of call.verdict.violations) io.out(`  ${(v.at / 1000).toFixed(3).padStart(8)}s  ${v.rule}: ${v.detail}`);
    }
    io.out(formatTimeline(call.timeline));
    return 0;
  }
  const { calls, now = Date.now() } = body as { calls: CallListItem[]; now?: number };
  if (calls.length === 0) {
    io.out(values.live ? 'no live calls' : 'no calls yet');
    return 0;
  }
  const rows = calls.map((c) => [c.id, c.from, utc(c.startedAt), c.live ? `${c.step} (${Math.round(((c.endedAt ?? now) - c.stepSince) / 1000)} s)` : c.step, c.live ? 'live' : (c.outcome ?? ''), c.endedBy ?? '', standardsCell(c)]);
  io.out(table([['ID', 'FROM', 'STARTED (UTC)', 'STEP', 'OUTCOME', 'HUNG UP', 'STANDARDS'], ...rows]));
  io.out(`${calls.length} call${calls.length === 1 ? '' : 's'}`);
  return 0;
}

/** pass, "N broken", or empty (live, or not checked). */
function standardsCell(c: CallListItem): string {
  if (c.standards === 'pass') return 'pass';
  if (c.standards === 'fail') return `${c.violations ?? '?'} broken`;
  return '';
}

function utc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + 'Z';
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

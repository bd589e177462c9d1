/**
 * `hotline callbacks ...`: the ops view of the callback queue, on the store
 * openCallbackQueue picks from the environment (DATABASE_URL or
 * CALLBACK_DB_PATH). Ops staff call these numbers back, so list, show and
 * export give them in full (#9: "shown in full to ops here, masked in
 * logs"); --masked hides all but the last 4 digits for a shared screen.
 * Logs never carry them whole. Exit 0: done; 1: no such request, not open, or the store
 * could not be opened; 2: usage error.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { RealClock } from '../clock/clock.js';
import type { CallbackQueue, CallbackRequest, CallbackStatus } from '../store/callback-queue.js';
import { openCallbackQueue } from '../store/open-callback-queue.js';
import { nameProblem } from '../security/safe-names.js';
import { toCsv } from './csv.js';

export const CALLBACKS_USAGE = `usage: hotline callbacks list [--status S[,S...]] [--since TIME] [--target T] [--limit N] [--json] [--masked]
       hotline callbacks show ID [--json] [--masked]
       hotline callbacks cancel ID [--by NAME]
       hotline callbacks done ID [--by NAME]
       hotline callbacks export --csv|--json

  The queue is PostgreSQL when DATABASE_URL is set, else the SQLite file
  CALLBACK_DB_PATH (default ./data/callbacks.sqlite).
  list, show   numbers in full (ops call them back); --masked shows only
               the last 4 digits (a shared screen)
  export       every request with full numbers, to stdout
  statuses     pending, dialing, completed, failed, cancelled`;

const STATUSES: readonly CallbackStatus[] = ['pending', 'dialing', 'completed', 'failed', 'cancelled'];

/** Output streams and where the command runs. */
export interface CallbacksIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

type Parsed = { kind: 'run'; sub: string; id?: string; values: Values } | { kind: 'help' } | { kind: 'usage-error'; message: string };
interface Values {
  status?: string[];
  target?: string;
  since?: string;
  limit?: string;
  json?: boolean;
  csv?: boolean;
  /** Accepted for scripts written when masking was the default; numbers are full anyway. */
  full?: boolean;
  masked?: boolean;
  by?: string;
}

/** Runs `hotline callbacks <argv>` and returns the exit code. */
export async function runCallbacksCommand(argv: readonly string[], io: CallbacksIo): Promise<number> {
  const cmd = parse(argv);
  if (cmd.kind === 'help') {
    io.out(CALLBACKS_USAGE);
    return 0;
  }
  if (cmd.kind === 'usage-error') {
    io.err(`hotline callbacks: ${cmd.message}\n${CALLBACKS_USAGE}`);
    return 2;
  }
  let queue: CallbackQueue;
  try {
    queue = await openCallbackQueue({ env: io.env, clock: new RealClock(), cwd: io.cwd });
  } catch (err) {
    io.err(`hotline callbacks: ${(err as Error).message}`);
    return 1;
  }
  try {
    return await execute(queue, cmd, io);
  } catch (err) {
    io.err(`hotline callbacks: ${(err as Error).message}`);
    return 1;
  } finally {
    await queue.close();
  }
}

function parse(argv: readonly string[]): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        status: { type: 'string', multiple: true },
        target: { type: 'string' },
        since: { type: 'string' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        csv: { type: 'boolean' },
        full: { type: 'boolean' },
        masked: { type: 'boolean' },
        by: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return { kind: 'usage-error', message: (err as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [sub, ...rest] = positionals;
  if (sub === undefined) return { kind: 'usage-error', message: 'no callbacks command given' };
  const allowed: Record<string, (keyof Values)[]> = {
    list: ['status', 'since', 'target', 'limit', 'json', 'full', 'masked'],
    show: ['json', 'full', 'masked'],
    cancel: ['by'],
    done: ['by'],
    export: ['csv', 'json'],
  };
  const ok = allowed[sub];
  if (!ok) return { kind: 'usage-error', message: `unknown callbacks command "${sub}"` };
  const stray = Object.keys(values).filter((k) => !ok.includes(k as keyof Values));
  if (stray.length > 0) return { kind: 'usage-error', message: `${sub} does not take --${stray.join(', --')}` };
  const needsId = sub === 'show' || sub === 'cancel' || sub === 'done';
  if (needsId && rest.length !== 1) return { kind: 'usage-error', message: `${sub} takes one request id` };
  // Refused before the store is opened (src/security/safe-names.ts).
  const idProblem = needsId ? nameProblem('callback-id', rest[0]) : undefined;
  if (idProblem !== undefined) return { kind: 'usage-error', message: `not a callback request id (it ${idProblem})` };
  if (!needsId && rest.length > 0) return { kind: 'usage-error', message: `${sub} takes no arguments, got "${rest.join(' ')}"` };
  if (sub === 'export' && Boolean(values.csv) === Boolean(values.json)) return { kind: 'usage-error', message: 'export needs exactly one of --csv and --json' };
  const statuses = (values.status ?? []).flatMap((s) => s.split(',')).filter((s) => s !== '');
  const bad = statuses.find((s) => !STATUSES.includes(s as CallbackStatus));
  if (bad !== undefined) return { kind: 'usage-error', message: `unknown status "${bad}"` };
  if (values.limit !== undefined && !/^[1-9][0-9]*$/.test(values.limit)) return { kind: 'usage-error', message: '--limit needs a positive whole number' };
  // A date (YYYY-MM-DD, midnight UTC) or an ISO time with its offset: never the machine's timezone.
  if (values.since !== undefined) {
    const ok = /^\d{4}-\d{2}-\d{2}$|^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(values.since) && !Number.isNaN(Date.parse(values.since));
    if (!ok) return { kind: 'usage-error', message: '--since needs a date (2026-12-01, midnight UTC) or a time with its offset (2026-12-01T08:00+08:00)' };
    values.since = new Date(Date.parse(values.since)).toISOString();
  }
  const v: Values = { ...values, ...(values.status ? { status: statuses } : {}) };
  return needsId ? { kind: 'run', sub, id: rest[0] as string, values: v } : { kind: 'run', sub, values: v };
}

async function execute(q: CallbackQueue, cmd: Extract<Parsed, { kind: 'run' }>, io: CallbacksIo): Promise<number> {
  const v = cmd.values;
  const show = (r: CallbackRequest): CallbackRequest => (v.masked ? maskRequest(r) : r);
  switch (cmd.sub) {
    case 'list': {
      const rows = await q.list({
        ...(v.status ? { status: v.status as CallbackStatus[] } : {}),
        ...(v.target !== undefined ? { target: v.target } : {}),
        ...(v.since !== undefined ? { since: v.since } : {}),
        ...(v.limit !== undefined ? { limit: Number(v.limit) } : {}),
      });
      io.out(v.json ? JSON.stringify(rows.map(show), null, 2) : formatTable(rows.map(show)));
      return 0;
    }
    case 'show': {
      const r = await q.get(cmd.id as string);
      if (!r) return notFound(io, cmd.id as string);
      io.out(v.json ? JSON.stringify(show(r), null, 2) : formatOne(show(r)));
      return 0;
    }
    case 'cancel':
    case 'done': {
      const id = cmd.id as string;
      const by = v.by ?? `cli:${userName(io.env)}`;
      const changed = cmd.sub === 'cancel' ? await q.cancel(id, by) : await q.markDone(id, by);
      if (changed) {
        io.out(`${id}: ${cmd.sub === 'cancel' ? 'cancelled' : 'marked done'} by ${by}`);
        return 0;
      }
      const r = await q.get(id);
      if (!r) return notFound(io, id);
      io.err(`hotline callbacks: ${id} is ${r.status}, not open; nothing changed`);
      return 1;
    }
    default: {
      const rows = await q.list();
      io.out(v.csv ? exportCsv(rows) : JSON.stringify(rows, null, 2));
      return 0;
    }
  }
}

function notFound(io: CallbacksIo, id: string): number {
  io.err(`hotline callbacks: no callback request ${id}`);
  return 1;
}

function userName(env: CallbacksIo['env']): string {
  try {
    return os.userInfo().username;
  } catch {
    return env['USER'] ?? 'unknown';
  }
}

/** All but the last 4 digits as *; a number of 4 digits or fewer is shown as it is. */
export function maskNumber(n: string): string {
  return n.length <= 4 ? n : '*'.repeat(n.length - 4) + n.slice(-4);
}

function maskRequest(r: CallbackRequest): CallbackRequest {
  return { ...r, number: maskNumber(r.number), callerNumber: maskNumber(r.callerNumber) };
}

const when = (iso: string): string => iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

function formatTable(rows: CallbackRequest[]): string {
  if (rows.length === 0) return 'no callback requests';
  const header = ['ID', 'STATUS', 'CREATED', 'TARGET', 'REASON', 'NUMBER', 'ATTEMPTS'];
  const cells = rows.map((r) => [r.id, r.status, when(r.createdAt), r.target, r.reason, r.number + (r.extension ? ` x${r.extension}` : ''), String(r.attempts.length)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: string[]): string => c.map((s, i) => s.padEnd(widths[i] as number)).join('  ').trimEnd();
  return [line(header), ...cells.map(line), `${rows.length} request${rows.length === 1 ? '' : 's'}`].join('\n');
}

function formatOne(r: CallbackRequest): string {
  const lines = [
    `id:          ${r.id}`,
    `status:      ${r.status}${r.closedReason ? ` (${r.closedReason})` : ''}`,
    `number:      ${r.number}${r.extension ? ` extension ${r.extension}` : ''} (${r.lineType})`,
    `target:      ${r.target}`,
    `reason:      ${r.reason}`,
    `language:    ${r.language}`,
    `caller id:   ${r.callerNumber}`,
    `call:        ${r.callId}`,
    `created:     ${when(r.createdAt)}`,
    `updated:     ${when(r.updatedAt)}`,
    `not before:  ${when(r.notBefore)}`,
  ];
  if (r.nameRecording) lines.push(`name:        ${r.nameRecording}`);
  if (r.lease) lines.push(`lease:       ${r.lease.instance} until ${when(r.lease.until)}`);
  lines.push(`attempts:    ${r.attempts.length === 0 ? 'none' : ''}`);
  for (const a of r.attempts) lines.push(`  ${when(a.at)}  ${a.outcome}  by ${a.instance}${a.reason ? `: ${a.reason}` : ''}`);
  return lines.join('\n').replace(/ +$/gm, '');
}

/** The CSV columns of export, one request per row. */
export const EXPORT_COLUMNS = [
  'id', 'status', 'created_at', 'updated_at', 'not_before', 'target', 'reason', 'number', 'extension', 'line_type',
  'language', 'caller_number', 'call_id', 'name_recording', 'attempts', 'last_outcome', 'closed_reason',
] as const;

function exportCsv(rows: CallbackRequest[]): string {
  return toCsv(
    EXPORT_COLUMNS,
    rows.map((r) => [
      r.id, r.status, r.createdAt, r.updatedAt, r.notBefore, r.target, r.reason, r.number, r.extension, r.lineType,
      r.language, r.callerNumber, r.callId, r.nameRecording, r.attempts.length, r.attempts.at(-1)?.outcome, r.closedReason,
    ]),
  );
}

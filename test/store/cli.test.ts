/**
 * `hotline callbacks ...` run as a child process, as ops staff run it,
 * against a temp SQLite file seeded on a virtual clock.
 */
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { runCallbacksCommand } from '../../src/cli/callbacks-command.js';
import type { CallbackRequest } from '../../src/store/callback-queue.js';
import { SqliteCallbackQueue } from '../../src/store/sqlite-callback-queue.js';
import { EPOCH, REQ } from './callback-queue-contract.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const NASTY = 'ops, "night shift"\nsecond line';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A tiny RFC 4180 reader, to check what export wrote reads back field for field. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  rows.push([...row, field]);
  return rows;
}

describe('hotline callbacks (CLI)', function () {
  this.timeout(30_000);
  let dir: string;
  let file: string;
  let ids: { pending: string; cancelled: string; completed: string };

  function hotline(...args: string[]): Promise<Run> {
    // DATABASE_URL removed: the CLI must take the SQLite file we name.
    const env: NodeJS.ProcessEnv = { ...process.env, CALLBACK_DB_PATH: file };
    delete env['DATABASE_URL'];
    return new Promise((resolve) => {
      execFile(process.execPath, ['bin/hotline.js', 'callbacks', ...args], { cwd: REPO, env, timeout: 30_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
      });
    });
  }

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-cli-'));
    file = path.join(dir, 'callbacks.sqlite');
    const clock = new VirtualClock(EPOCH);
    const q = SqliteCallbackQueue.open(file, clock);
    const pending = (await q.capture({ ...REQ, extension: '12' })).request.id;
    await clock.advance(60_000);
    const cancelled = (await q.capture({ ...REQ, number: '13900000002', target: 'support' })).request.id;
    await q.cancel(cancelled, NASTY);
    await clock.advance(60_000);
    const completed = (await q.capture({ ...REQ, number: '13700000003' })).request.id;
    await q.claim({ instance: 'node-1', targets: ['sales'], leaseMs: 60_000, limit: 10 });
    await q.recordAttempt(pending, 'node-1', { at: new Date(clock.now()).toISOString(), outcome: 'customer-busy' }, { status: 'pending', retryAt: new Date(clock.now() + 600_000).toISOString() });
    await q.recordAttempt(completed, 'node-1', { at: new Date(clock.now()).toISOString(), outcome: 'completed' }, { status: 'completed' });
    await q.close();
    ids = { pending, cancelled, completed };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('list --masked shows every request oldest first with numbers masked but the last 4 digits', async () => {
    const r = await hotline('list', '--masked');
    expect(r.code, r.stderr).to.equal(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).to.match(/^ID\s+STATUS\s+CREATED\s+TARGET\s+REASON\s+NUMBER\s+ATTEMPTS$/);
    expect(lines[1]).to.contain(ids.pending).and.contain('pending').and.contain('2026-11-24 02:00:00Z').and.contain('*******0001 x12');
    expect(lines[2]).to.contain(ids.cancelled).and.contain('cancelled').and.contain('*******0002');
    expect(lines[3]).to.contain(ids.completed).and.contain('completed').and.contain('*******0003');
    expect(lines[4]).to.equal('3 requests');
    expect(r.stdout).not.to.contain('13800000001');
  });

  it('list shows numbers in full (--masked hides them, --full is still taken); --status and --target filter; --json too', async () => {
    const full = await hotline('list', '--full');
    expect(full.stdout).to.contain('13800000001');
    const some = await hotline('list', '--status', 'pending,cancelled', '--target', 'sales');
    expect(some.stdout).to.contain(ids.pending).and.not.contain(ids.cancelled).and.not.contain(ids.completed);
    const json = await hotline('list', '--status', 'completed', '--status', 'cancelled', '--json', '--masked');
    const rows = JSON.parse(json.stdout) as CallbackRequest[];
    expect(rows.map((x) => x.id)).to.deep.equal([ids.cancelled, ids.completed]);
    expect(rows.map((x) => x.number)).to.deep.equal(['*******0002', '*******0003']);
    expect(rows[1]?.callerNumber).to.equal('*******0001');
    const whole = JSON.parse((await hotline('list', '--status', 'completed', '--json')).stdout) as CallbackRequest[];
    expect(whole.map((x) => x.number)).to.deep.equal(['13700000003']);
    expect((await hotline('list', '--status', 'failed')).stdout.trim()).to.equal('no callback requests');
  });

  it('list --since keeps requests created at or after a time given with its offset; a date means midnight UTC; a bare local time is refused', async () => {
    // Created at EPOCH, +1 min and +2 min (2026-11-24 02:00Z ...).
    const since = await hotline('list', '--since', '2026-11-24T10:01:00+08:00', '--json');
    expect((JSON.parse(since.stdout) as CallbackRequest[]).map((x) => x.id)).to.deep.equal([ids.cancelled, ids.completed]);
    const day = await hotline('list', '--since', '2026-11-25', '--json');
    expect(day.stdout.trim()).to.equal('[]');
    const bad = await hotline('list', '--since', '2026-11-24 10:00');
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('--since needs a date');
  });

  it('show prints one request with its attempts (masked with --masked); an unknown id exits 1', async () => {
    const r = await hotline('show', ids.pending, '--masked');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/status:\s+pending/).and.match(/number:\s+\*{7}0001 extension 12 \(mobile\)/);
    expect(r.stdout).to.match(/2026-11-24 02:02:00Z {2}customer-busy {2}by node-1/);
    expect(r.stdout).to.match(/not before:\s+2026-11-24 02:12:00Z/);
    expect((await hotline('show', ids.pending)).stdout).to.contain('13800000001');
    const json = JSON.parse((await hotline('show', ids.cancelled, '--json', '--full')).stdout) as CallbackRequest;
    expect(json).to.include({ id: ids.cancelled, number: '13900000002', closedReason: `cancelled by ${NASTY}` });
    const missing = await hotline('show', 'no-such-id');
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.contain('no callback request no-such-id');
  });

  it('cancel and done close an open request once; a closed or unknown one exits 1 and changes nothing', async () => {
    const c = await hotline('cancel', ids.pending, '--by', 'anna');
    expect(c.code, c.stderr).to.equal(0);
    expect(c.stdout).to.contain(`${ids.pending}: cancelled by anna`);
    const again = await hotline('done', ids.pending);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('is cancelled, not open');
    expect((await hotline('done', 'no-such-id')).code).to.equal(1);
    const q = SqliteCallbackQueue.open(file, new VirtualClock(EPOCH));
    try {
      expect(await q.get(ids.pending)).to.include({ status: 'cancelled', closedReason: 'cancelled by anna' });
    } finally {
      await q.close();
    }
  });

  it('done marks an open request completed, by the user by default', async () => {
    const fresh = SqliteCallbackQueue.open(file, new VirtualClock(EPOCH + 3_600_000));
    const id = (await fresh.capture({ ...REQ, number: '13600000004' })).request.id;
    await fresh.close();
    const r = await hotline('done', id);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(new RegExp(`${id}: marked done by cli:\\S+`));
  });

  it('export --csv writes a header and every request with full numbers, quoting commas, quotes and newlines', async () => {
    const r = await hotline('export', '--csv');
    expect(r.code, r.stderr).to.equal(0);
    const rows = parseCsv(r.stdout.replace(/\n$/, ''));
    const header = rows[0] as string[];
    expect(header.slice(0, 8)).to.deep.equal(['id', 'status', 'created_at', 'updated_at', 'not_before', 'target', 'reason', 'number']);
    expect(rows).to.have.length(4);
    expect(rows.every((row) => row.length === header.length), 'same field count on every row').to.equal(true);
    const byId = new Map(rows.slice(1).map((row) => [row[0], Object.fromEntries(header.map((h, i) => [h, row[i]]))]));
    expect(byId.get(ids.cancelled)).to.include({ status: 'cancelled', number: '13900000002', closed_reason: `cancelled by ${NASTY}` });
    expect(byId.get(ids.pending)).to.include({ number: '13800000001', extension: '12', attempts: '1', last_outcome: 'customer-busy', created_at: '2026-11-24T02:00:00.000Z' });
    expect(r.stdout).to.contain('"cancelled by ops, ""night shift""\nsecond line"');
  });

  it('export --json is every request, full', async () => {
    const rows = JSON.parse((await hotline('export', '--json')).stdout) as CallbackRequest[];
    expect(rows.map((x) => x.number)).to.deep.equal(['13800000001', '13900000002', '13700000003']);
  });

  it('usage mistakes exit 2 with the usage on stderr; --help exits 0', async () => {
    const child = await hotline('list', '--status', 'nope');
    expect(child.code).to.equal(2);
    expect(child.stderr).to.contain('unknown status "nope"').and.contain('usage: hotline callbacks list');
    const help = await hotline('--help');
    expect(help.code).to.equal(0);
    expect(help.stdout).to.contain('hotline callbacks export --csv|--json');
    // The rest in-process (same code path, no store is opened for a usage error), to keep the suite quick.
    for (const args of [[], ['frob'], ['show'], ['list', 'extra'], ['export'], ['export', '--csv', '--json'], ['cancel', 'x', '--full'], ['list', '--limit', '0']]) {
      let err = '';
      const code = await runCallbacksCommand(args, { out: () => undefined, err: (t) => (err += t), env: { CALLBACK_DB_PATH: file }, cwd: dir });
      expect(code, args.join(' ')).to.equal(2);
      expect(err, args.join(' ')).to.contain('usage: hotline callbacks list');
    }
  });

  it('a store it cannot open exits 1 with the reason', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: 'mysql://u:s3cret@127.0.0.1/x' };
    const r = await new Promise<Run>((resolve) => {
      execFile(process.execPath, ['bin/hotline.js', 'callbacks', 'list'], { cwd: REPO, env }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
      );
    });
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('DATABASE_URL must start with postgres://').and.not.contain('s3cret');
  });
});

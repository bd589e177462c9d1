/**
 * The SQLite queue across processes: a capture that resolved survives a
 * SIGKILL right after, and two processes claiming from one file never hand
 * out the same request twice (BEGIN IMMEDIATE + busy_timeout).
 */
import { expect } from 'chai';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { SqliteCallbackQueue } from '../../src/store/sqlite-callback-queue.js';
import { EPOCH, REQ } from './callback-queue-contract.js';

const CHILD = path.join(import.meta.dirname, 'fixtures', 'sqlite-child.ts');

/** A child process whose stdout lines are buffered, so none is lost while the test awaits another child. */
interface Child {
  child: ChildProcessWithoutNullStreams;
  nextLine: () => Promise<string>;
}

function startChild(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { env: { ...process.env, FIXED_NOW: String(EPOCH) } });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines: string[] = [];
  const waiters: { resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  let exited: Error | undefined;
  createInterface({ input: child.stdout }).on('line', (l) => {
    const w = waiters.shift();
    if (w) w.resolve(l);
    else lines.push(l);
  });
  child.on('exit', (code, signal) => {
    exited = new Error(`child exited (${String(code ?? signal)}) before printing a line: ${stderr}`);
    for (const w of waiters.splice(0)) w.reject(exited);
  });
  const nextLine = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const l = lines.shift();
      if (l !== undefined) resolve(l);
      else if (exited) reject(exited);
      else waiters.push({ resolve, reject });
    });
  return { child, nextLine };
}

describe('store: SqliteCallbackQueue across processes', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-sqlite-proc-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a request whose capture resolved is there after the process is SIGKILLed', async () => {
    const file = path.join(dir, 'q.sqlite');
    const c = startChild(['capture', file]);
    const line = await c.nextLine();
    c.child.kill('SIGKILL');
    const [, signal] = (await once(c.child, 'exit')) as [number | null, string | null];
    expect(signal).to.equal('SIGKILL');
    const id = /^committed (\S+)$/.exec(line)?.[1];
    expect(id, line).to.be.a('string');
    const q = SqliteCallbackQueue.open(file, new VirtualClock(EPOCH));
    try {
      expect(await q.get(id as string)).to.include({ id, callId: 'crash-1', status: 'pending' });
    } finally {
      await q.close();
    }
  });

  it('two processes claiming 200 requests concurrently claim each exactly once', async () => {
    const file = path.join(dir, 'q.sqlite');
    const q = SqliteCallbackQueue.open(file, new VirtualClock(EPOCH));
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push((await q.capture({ ...REQ, number: String(13800000000 + i) })).request.id);
    await q.close();
    const children = [startChild(['claim', file, 'a', '2']), startChild(['claim', file, 'b', '2'])];
    for (const c of children) expect(await c.nextLine()).to.equal('ready');
    for (const c of children) c.child.stdin.write('go\n');
    const claimed = await Promise.all(children.map(async (c) => JSON.parse(await c.nextLine()) as string[]));
    const all = claimed.flat();
    expect(all).to.have.length(200);
    expect(new Set(all).size, 'no id claimed twice').to.equal(200);
    expect([...all].sort()).to.deep.equal([...ids].sort());
    const check = SqliteCallbackQueue.open(file, new VirtualClock(EPOCH));
    try {
      const rows = await check.list();
      expect(rows.every((r) => r.status === 'dialing')).to.equal(true);
      const holders = new Map(claimed.flatMap((list, i) => list.map((id) => [id, i === 0 ? 'a' : 'b'] as const)));
      for (const r of rows) expect(r.lease?.instance, r.id).to.equal(holders.get(r.id));
    } finally {
      await check.close();
    }
    // Both really claimed: otherwise this test would not have tested concurrency at all.
    expect(claimed.map((c) => c.length).every((n) => n > 0), `split ${claimed.map((c) => c.length).join('/')}`).to.equal(true);
  });
});

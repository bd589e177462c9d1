/**
 * Finished calls survive a restart: the ops server writes each one (with
 * its standards verdict) to the call records in the SQLite file, and a new
 * ops server over a new store object on the same file serves them on
 * /calls and /calls/{id}, and `hotline calls` prints them.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { silentLogger } from '../../src/log/logger.js';
import { startOpsServer, type OpsServer } from '../../src/ops/server.js';
import { standardsThresholds } from '../../src/ops/standards-check/thresholds.js';
import { SqliteCallRecords } from '../../src/store/sqlite-call-records.js';
import { OPEN_TIME, startHarness, testConfig, type Harness } from '../helpers/harness.js';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { startOpsFixture } from './ops-fixture.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = 'records-restart-token-0123456789';

function hotlineCalls(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/hotline.js', 'calls', ...args], { cwd: REPO, env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('ops: call records survive a restart (SQLite file, new store object)', function () {
  this.timeout(60_000);
  let h: Harness;
  let dir: string;
  const servers: OpsServer[] = [];
  const stores: SqliteCallRecords[] = [];
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'ops-records-'));
  });
  after(async () => {
    for (const s of servers) await s.close();
    for (const s of stores) await s.close();
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const startOps = async (file: string): Promise<OpsServer> => {
    const records = SqliteCallRecords.open(file, h.calendar);
    stores.push(records);
    const ops = await startOpsServer({
      host: '127.0.0.1', port: 0, token: TOKEN, runner: h.service.runner, queue: h.service.callbacks,
      ready: async () => ({ ok: true, reasons: [] }), clock: h.calendar, logger: silentLogger(), configVersion: () => 'test',
      records, standards: () => standardsThresholds(testConfig().config),
    });
    servers.push(ops);
    return ops;
  };
  const get = async (ops: OpsServer, p: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(ops.url + p, { headers: { authorization: `Bearer ${TOKEN}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('writes each finished call with its verdict; after a restart /calls, /calls/{id} and hotline calls still show it', async () => {
    h = await startHarness();
    const file = path.join(dir, 'callbacks.sqlite');
    const first = await startOps(file);
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '3' }, { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 120_000 }, { hangup: true }], '13912345678');
    await first.flushRecords();
    const before = await get(first, `/calls/${s.id}`);
    expect(before.body['verdict']).to.deep.equal({ pass: true, violations: [] });
    // The restart: the old server and its store object go, new ones open the same file.
    await first.close();
    await stores[0]?.close();
    const second = await startOps(file);
    expect(second.book.get(s.id), 'the new book starts empty').to.equal(undefined);
    const one = await get(second, `/calls/${s.id}`);
    expect(one.status).to.equal(200);
    expect(one.body['outcome']).to.equal('served');
    expect(one.body['standards']).to.equal('pass');
    expect(one.body['from']).to.equal('*******5678');
    expect((one.body['timeline'] as { kind: string }[]).map((e) => e.kind)).to.deep.equal(s.timeline.map((e) => e.kind));
    const list = await get(second, '/calls');
    expect((list.body['calls'] as { id: string }[]).map((c) => c.id)).to.include(s.id);
    expect((await get(second, '/calls?outcome=abandoned')).body['calls']).to.deep.equal([]);
    const table = await hotlineCalls({ OPS_URL: second.url, OPS_TOKEN: TOKEN });
    expect(table.stdout).to.match(/HUNG UP\s+STANDARDS\n/);
    expect(table.stdout).to.match(new RegExp(`${s.id.replace('.', '\\.')}\\s.*served\\s+caller\\s+pass\\n`));
    const cli = await hotlineCalls({ OPS_URL: second.url, OPS_TOKEN: TOKEN }, s.id);
    expect(cli.code, cli.stderr).to.equal(0);
    expect(cli.stdout).to.contain('standards: pass').and.contain('prompt-started  prompt=goodbye');
    expect(cli.stdout).to.not.contain('13912345678');
  });

  it('a channel id that comes back after the restart (the simulator pretends the same moment) is another call: both are listed', async () => {
    const file = path.join(dir, 'ids.sqlite');
    const storeClock = new VirtualClock(OPEN_TIME);
    const one = SqliteCallRecords.open(file, storeClock);
    stores.push(one);
    const a = await startOpsFixture({ records: one });
    const first = a.runner.start('1796342400.0', '13900000001');
    first.add('answered');
    first.end('caller');
    await a.ops.flushRecords();
    await a.close();
    const two = SqliteCallRecords.open(file, storeClock);
    stores.push(two);
    const b = await startOpsFixture({ records: two });
    try {
      await b.clock.advance(60_000);
      const again = b.runner.start('1796342400.0', '13900000002');
      again.add('answered');
      again.end('us');
      await b.ops.flushRecords();
      const list = await b.json<{ calls: { id: string; from: string; endedBy: string }[] }>('/calls');
      expect(list.calls.map((c) => [c.id, c.from, c.endedBy])).to.deep.equal([['1796342400.0', '*******0002', 'us'], ['1796342400.0', '*******0001', 'caller']]);
      expect((await two.listCalls()).length).to.equal(2);
    } finally {
      await b.close();
    }
  });
});

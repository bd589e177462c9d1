/** `hotline calls`: the running service's calls read from its ops port, as a terminal user would. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startOpsServer, type OpsServer } from '../../src/ops/server.js';
import { silentLogger } from '../../src/log/logger.js';
import { startOpsFixture, TOKEN as FIXTURE_TOKEN } from './ops-fixture.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = 'calls-cli-token-0123456789abcdef';

function hotline(env: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/hotline.js', 'calls', ...args], { cwd: REPO, env: { ...process.env, ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('hotline calls (CLI against a running ops server)', function () {
  this.timeout(60_000);
  let h: Harness;
  let ops: OpsServer;
  afterEach(async () => {
    await ops.close();
    await h.close();
  });

  it('lists recent calls with masked numbers, shows one call\'s timeline, and says 401 plainly without the token', async () => {
    h = await startHarness();
    ops = await startOpsServer({
      host: '127.0.0.1', port: 0, token: TOKEN, runner: h.service.runner, queue: h.service.callbacks,
      ready: async () => ({ ok: true, reasons: [] }), clock: h.calendar, logger: silentLogger(), configVersion: () => 'test',
    });
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '3' }, { waitForPrompt: 'anything-else', on: 'end' }, { hangup: true }], '13912345678');
    const env = { OPS_URL: ops.url, OPS_TOKEN: TOKEN };
    const list = await hotline(env);
    expect(list.code, list.stderr).to.equal(0);
    expect(list.stdout).to.match(/^ID\s+FROM\s+STARTED \(UTC\)\s+STEP\s+OUTCOME\s+HUNG UP/);
    expect(list.stdout).to.contain(s.id).and.contain('*******5678').and.not.contain('13912345678');
    const one = await hotline(env, s.id);
    expect(one.code, one.stderr).to.equal(0);
    expect(one.stdout).to.contain('prompt-started  prompt=opening-hours-info');
    expect(one.stdout).to.not.contain('13912345678');
    const live = await hotline(env, '--live');
    expect(live.stdout.trim()).to.equal('no live calls');
    const denied = await hotline({ OPS_URL: ops.url, OPS_TOKEN: '' });
    expect(denied.code).to.equal(1);
    expect(denied.stderr).to.contain('401').and.contain('OPS_TOKEN');
    const bad = await hotline(env, '../etc');
    expect(bad.code).to.equal(2);
  });

  it('counts time in step on the service\'s clock, not the terminal\'s (the simulator pretends another date)', async () => {
    const f = await startOpsFixture();
    try {
      const c = f.runner.start('call-live-1', '13912345678');
      c.add('answered');
      await f.clock.advance(7_000);
      const live = await hotline({ OPS_URL: f.ops.url, OPS_TOKEN: FIXTURE_TOKEN }, '--live');
      expect(live.code, live.stderr).to.equal(0);
      expect(live.stdout).to.match(/call-live-1\s+\*+5678\s+2026-11-24 02:00:00Z\s+greeting \(7 s\)\s+live/);
      c.end('caller');
    } finally {
      await f.close();
    }
  });
});

import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { startHarness, type Harness } from '../helpers/harness.js';
import { sleep } from '../../src/clock/clock.js';
import { runDemoCalls } from '../../src/demo/run-demo.js';
import { DEMO_ENDPOINTS, SLOW_LOOKUP_CALLER, SLOW_LOOKUP_SECONDS } from '../../src/demo/scenarios.js';

describe('the demo calls', function () {
  this.timeout(60_000);
  let h: Harness;
  afterEach(async () => h?.close());

  it('every demo scenario goes as the flows promise', async () => {
    h = await startHarness({
      endpoints: DEMO_ENDPOINTS,
      lookup: (req, signal) => sleep(h.clock, (req.callerNumber === SLOW_LOOKUP_CALLER ? SLOW_LOOKUP_SECONDS : req.seconds) * 1000, signal).catch(() => undefined),
    });
    const results = await runDemoCalls({ sim: h.sim, runner: h.service.runner, callbacks: h.service.callbacks, clock: h.clock, app: 'hotline' });
    expect(results.map((r) => [r.scenario, r.problem ?? 'ok'])).to.deep.equal(results.map((r) => [r.scenario, 'ok']));
    expect(results).to.have.length(5);
  });

  it('`npm run demo` (src/main.ts --demo) runs them on the simulator and exits 0', () => {
    const env = { ...process.env, ARI_URL: '', LOG_LEVEL: 'warn' };
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', '--demo'], { env, encoding: 'utf8', timeout: 50_000 });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/=== silent caller ===/);
    expect(r.stdout.match(/^ok {2}/gm)).to.have.length(5);
  });

  it('a malformed ARI_URL stops the service with one clear message', () => {
    const env = { ...process.env, ARI_URL: 'not a url', ARI_USERNAME: 'u', ARI_PASSWORD: 'p' };
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).to.equal(1);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(/ARI_URL is not a URL/);
  });
});

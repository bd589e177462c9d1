import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { startHarness, type Harness } from '../helpers/harness.js';
import { sleep } from '../../src/clock/clock.js';
import { runDemoCalls } from '../../src/demo/run-demo.js';
import { DEMO_ENDPOINTS, DEMO_SCENARIOS, SLOW_LOOKUP_CALLER, SLOW_LOOKUP_SECONDS } from '../../src/demo/scenarios.js';
import { demoMoments } from '../../src/demo/demo-moments.js';
import { testConfig } from '../helpers/harness.js';
import { mayCall, nextCallingTime } from '../../src/dialer/calling-hours.js';

/** Runs `npm run demo` (src/main.ts --demo) with extra environment, optionally under faketime. */
function runDemo(extra: Record<string, string>, faketimeAt?: string): ReturnType<typeof spawnSync> {
  const env = { ...process.env, ARI_URL: '', LOG_LEVEL: 'warn', ...extra };
  const node = [process.execPath, '--import', 'tsx', 'src/main.ts', '--demo'];
  const [cmd, ...args] = faketimeAt ? ['faketime', faketimeAt, ...node] : node;
  return spawnSync(cmd as string, args, { env, encoding: 'utf8', timeout: 60_000 });
}

/** The demo's output with the random ids (channels, bridges, requests) blanked, so two runs compare. */
const withoutIds = (out: string): string => out.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID');

const hasFaketime = spawnSync('faketime', ['-f', '+0', 'true']).status === 0;

describe('the demo calls', function () {
  this.timeout(120_000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('every demo scenario goes as the flows promise, the closed-hours one after closing', async () => {
    const moments = demoMoments(testConfig().config.hours);
    const harness = await startHarness({
      startAt: moments.open,
      endpoints: DEMO_ENDPOINTS,
      dialer: true,
      lookup: (req, signal) => sleep(harness.clock, (req.callerNumber === SLOW_LOOKUP_CALLER ? SLOW_LOOKUP_SECONDS : req.seconds) * 1000, signal).catch(() => undefined),
    });
    h = harness;
    const results = await runDemoCalls({
      sim: harness.sim,
      runner: harness.service.runner,
      callbacks: harness.service.callbacks,
      clock: harness.clock,
      app: 'hotline',
      closedPhase: { calendar: harness.calendar, at: moments.closed ?? 0 },
      ...(harness.service.dialer ? { callbackPhase: { dialer: harness.service.dialer } } : {}),
    });
    // The three callers who leave a callback are then called back by the dialer.
    expect(results.map((r) => [r.scenario, r.problem ?? 'ok'])).to.deep.equal([
      ...DEMO_SCENARIOS.map((sc) => [sc.name, 'ok']),
      ['callback to *******8000 (busy)', 'ok'],
      ['callback to *******8004 (hold)', 'ok'],
      ['callback to *******8006 (closed)', 'ok'],
    ]);
  });

  it('after the closed-hours call the callbacks start at the next calling time of the pretended date, not hours later', async () => {
    const config = testConfig().config;
    const moments = demoMoments(config.hours);
    const callingHours = config.dialer?.callingHours;
    expect(callingHours, 'the test config has calling hours').to.not.equal(undefined);
    const harness = await startHarness({
      startAt: moments.open,
      endpoints: DEMO_ENDPOINTS,
      dialer: true,
      lookup: (req, signal) => sleep(harness.clock, (req.callerNumber === SLOW_LOOKUP_CALLER ? SLOW_LOOKUP_SECONDS : req.seconds) * 1000, signal).catch(() => undefined),
    });
    h = harness;
    let phaseAt: { base: number; pretended: number } | undefined;
    const results = await runDemoCalls({
      sim: harness.sim,
      runner: harness.service.runner,
      callbacks: harness.service.callbacks,
      clock: harness.clock,
      app: 'hotline',
      closedPhase: { calendar: harness.calendar, at: moments.closed ?? 0 },
      onPhase: (phase, at) => {
        if (phase === 'callbacks') phaseAt = { base: harness.clock.now(), pretended: at };
      },
      ...(harness.service.dialer ? { callbackPhase: { dialer: harness.service.dialer, callingHours } } : {}),
    });
    expect(results.filter((r) => r.problem).map((r) => `${r.scenario}: ${r.problem}`)).to.deep.equal([]);
    expect(phaseAt, 'the callback phase ran').to.not.equal(undefined);
    // The closed-hours call left the pretended date after closing; the callbacks are told the next opening ...
    expect(mayCall(callingHours, phaseAt?.pretended ?? 0)).to.equal(true);
    expect(phaseAt?.pretended).to.equal(nextCallingTime(callingHours, moments.closed ?? 0));
    // ... and are done minutes later, not after a night of waiting on the clock.
    expect(harness.clock.now() - (phaseAt?.base ?? 0)).to.be.lessThan(15 * 60_000);
  });

  it('`npm run demo` exits 0 with every scenario ok, and prints the same calls in any timezone', () => {
    const shanghai = runDemo({ TZ: 'Asia/Shanghai' });
    expect(shanghai.status, String(shanghai.stderr)).to.equal(0);
    const out = String(shanghai.stdout);
    expect(out).to.match(/=== silent caller ===/);
    expect(out).to.match(/fixed moment inside opening hours, Mon 2026-11-23 08:00 Asia\/Shanghai/);
    expect(out.match(/^ok {2}/gm)).to.have.length(DEMO_SCENARIOS.length + 3);
    expect(out).to.match(/=== callback .*: completed/);
    expect(out).to.contain("--- customer's leg ---");
    const losAngeles = runDemo({ TZ: 'America/Los_Angeles' });
    expect(losAngeles.status, String(losAngeles.stderr)).to.equal(0);
    expect(withoutIds(String(losAngeles.stdout))).to.equal(withoutIds(out));
  });

  it('`npm run demo` at 23:40 in Shanghai (faketime) prints exactly what it prints by day', function () {
    if (!hasFaketime) {
      if (process.env['CI']) throw new Error('faketime is missing in CI: .ci/run installs it');
      console.log('      (skipped: faketime is not installed; apt-get install faketime)');
      this.skip();
    }
    const night = runDemo({ TZ: 'Asia/Shanghai' }, '2026-12-02 23:40:00');
    const day = runDemo({ TZ: 'Asia/Shanghai' }, '2026-12-03 10:00:00');
    expect(night.status, String(night.stderr)).to.equal(0);
    expect(day.status, String(day.stderr)).to.equal(0);
    expect(withoutIds(String(night.stdout))).to.equal(withoutIds(String(day.stdout)));
  });

  it('`npm start` on the simulator at night says which moment it pretends, then drains on Ctrl-C', async () => {
    const env = { ...process.env, ARI_URL: '', LOG_LEVEL: 'warn', TZ: 'UTC', SIM_NOW: '2026-12-02T15:40:00Z', CALLBACK_DB_PATH: ':memory:', DRAIN_SECONDS: '1' };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const said = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 30_000);
      child.stdout.on('data', () => {
        if (/pretends it is/.test(out)) {
          clearTimeout(timer);
          resolve(true);
        }
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    const code = await exited;
    expect(said, out).to.equal(true);
    expect(out).to.contain('it is Wed 2026-12-02 23:40 Asia/Shanghai and the hotline is closed now');
    expect(out).to.contain('the simulator pretends it is Thu 2026-12-03 08:00 Asia/Shanghai');
    expect(code).to.equal(0);
  });

  it('a malformed ARI_URL stops the service with one clear message', () => {
    const env = { ...process.env, ARI_URL: 'not a url', ARI_USERNAME: 'u', ARI_PASSWORD: 'p' };
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).to.equal(1);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(/ARI_URL is not a URL/);
  });
});

/**
 * `promtool check metrics` (Prometheus's own linter) on a real /metrics
 * scrape, when the binary is there: PROMTOOL, or promtool on PATH
 * (Debian's `prometheus` package ships it). Without it the test is skipped
 * with a line saying so; the parser test in ops-http.test.ts still checks
 * HELP and TYPE of every family and the label values.
 */
import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { standardsThresholds } from '../../src/ops/standards-check/thresholds.js';
import { testConfig } from '../helpers/harness.js';
import { startOpsFixture, type OpsFixture } from './ops-fixture.js';

function findPromtool(): string | undefined {
  const env = process.env['PROMTOOL'];
  if (env) return existsSync(env) ? env : undefined;
  try {
    return execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

describe('ops: promtool check metrics on a scrape', function () {
  const promtool = findPromtool();
  let f: OpsFixture | undefined;
  afterEach(async () => f?.close());
  before(function () {
    if (promtool) return;
    // .ci/run takes promtool out of Debian's package, so under CI its absence is a failure, not a skip.
    if (process.env['CI'] === 'true') throw new Error('promtool is required under CI (PROMTOOL or PATH)');
    console.log('      (skipped: no promtool; apt-get install prometheus, or set PROMTOOL=/path/to/promtool)');
    this.skip();
  });

  it('finds nothing to complain about in a scrape with calls, holds and a broken rule', async () => {
    f = await startOpsFixture({ standards: () => standardsThresholds(testConfig().config) });
    const a = f.runner.start('call-a', '13912345678');
    a.add('answered');
    a.add('hold-started', { purpose: 'lookup' });
    await f.clock.advance(40_000);
    a.add('hold-ended', { purpose: 'lookup', heldMs: 40_000 });
    a.add('dial-result', { result: 'busy' });
    a.end('us');
    const scrape = (await f.req('/metrics')).text;
    expect(scrape).to.contain('hotline_standards_violations_total{rule="check-in-spacing"} 1');
    const r = spawnSync(promtool as string, ['check', 'metrics'], { input: scrape, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, `promtool said: ${r.stdout}${r.stderr}`).to.equal(0);
    expect((r.stdout + r.stderr).trim()).to.equal('');
  });
});

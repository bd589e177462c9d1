/**
 * The standards verdict through the ops server: each finished call is
 * checked with the flow config's thresholds; violations are counted in
 * /metrics by rule (a fixed label set), summarised in the day's numbers,
 * and shown on /calls and /calls/{id}. The dialer's customer legs are
 * booked as calls too, checked for the outbound opening, and kept out of
 * the hotline's call counts.
 */
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import type { AttemptReport } from '../../src/dialer/attempt.js';
import { RULE_IDS } from '../../src/ops/standards-check/rules.js';
import { standardsThresholds } from '../../src/ops/standards-check/thresholds.js';
import { testConfig } from '../helpers/harness.js';
import { startOpsFixture, type OpsFixture } from './ops-fixture.js';
import { parseExposition } from './prom-parse.js';

describe('ops: the standards verdict in metrics, the day\'s numbers and the call views', function () {
  let f: OpsFixture;
  const dialer = new EventEmitter();
  afterEach(async () => f?.close());

  const scrape = async (): Promise<(name: string, labels?: Record<string, string>) => number | undefined> => {
    const fam = parseExposition((await f.req('/metrics')).text);
    return (name, labels = {}) => [...fam.values()].flatMap((x) => x.samples).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
  };

  it('a call we hung up 0.5 s after the goodbye fails close-grace: counted by rule, in the day summary, on the call', async () => {
    f = await startOpsFixture({ standards: () => standardsThresholds(testConfig().config), dialer });
    const good = f.runner.start('call-good', '13912345678');
    good.add('answered');
    good.add('prompt-started', { prompt: 'goodbye' });
    await f.clock.advance(2_000);
    good.add('prompt-finished', { prompt: 'goodbye', status: 'finished' });
    await f.clock.advance(2_000);
    good.end('us');
    const bad = f.runner.start('call-bad', '13700001111');
    bad.add('answered');
    bad.add('prompt-started', { prompt: 'goodbye' });
    await f.clock.advance(2_000);
    bad.add('prompt-finished', { prompt: 'goodbye', status: 'finished' });
    await f.clock.advance(500);
    bad.end('us');

    const value = await scrape();
    expect(value('hotline_standards_checks_total', { verdict: 'pass' })).to.equal(1);
    expect(value('hotline_standards_checks_total', { verdict: 'fail' })).to.equal(1);
    for (const rule of RULE_IDS) expect(value('hotline_standards_violations_total', { rule }), rule).to.equal(rule === 'close-grace' ? 1 : 0);
    const kpis = await f.json<{ day: { standards: { checked: number; passed: number; byRule: Record<string, number> } } }>('/kpis');
    expect(kpis.day.standards.checked).to.equal(2);
    expect(kpis.day.standards.passed).to.equal(1);
    expect(kpis.day.standards.byRule['close-grace']).to.equal(1);
    const one = await f.json<{ standards: string; verdict: { pass: boolean; violations: Record<string, unknown>[] } }>('/calls/call-bad');
    expect(one.standards).to.equal('fail');
    expect(one.verdict.pass).to.equal(false);
    expect(one.verdict.violations).to.deep.equal([
      { rule: 'close-grace', measured: 500, threshold: 2000, from: 2000, at: 2500, detail: 'we hung up 0.5 s after goodbye; the caller is given 2 s to hang up first' },
    ]);
    const list = await f.json<{ calls: { id: string; standards: string; violations: number }[] }>('/calls');
    expect(list.calls.map((c) => [c.id, c.standards, c.violations])).to.deep.equal([['call-bad', 'fail', 1], ['call-good', 'pass', 0]]);
  });

  it('books a dialer attempt\'s customer leg as a callback call, checks its opening, keeps the colleague\'s leg, and leaves the call counts alone', async () => {
    f = await startOpsFixture({ standards: () => standardsThresholds(testConfig().config), dialer });
    const report: AttemptReport = {
      requestId: 'req-1', target: 'service-desk', outcome: 'completed', reason: 'bridged', recorded: true, abandoned: false,
      colleague: [
        { t: 0, kind: 'call-started', leg: 'colleague' },
        { t: 3_000, kind: 'whisper', number: '13800138000' },
      ],
      customer: [
        { t: 10_000, kind: 'call-started', leg: 'customer' },
        { t: 14_000, kind: 'answered' },
        // The opening only 3 s after the answer.
        { t: 17_000, kind: 'prompt-started', prompt: 'outbound-opening' },
        { t: 20_000, kind: 'prompt-finished', prompt: 'outbound-opening', status: 'finished' },
        { t: 20_000, kind: 'bridged', bridge: 'br-1' },
        { t: 30_000, kind: 'unbridged', by: 'customer' },
        { t: 30_000, kind: 'hangup', ended: true },
      ],
    };
    await f.clock.advance(30_000);
    dialer.emit('attempt-ended', report);
    const list = await f.json<{ calls: { id: string; direction: string; from: string; standards: string }[] }>('/calls');
    expect(list.calls).to.have.length(1);
    const call = list.calls[0];
    expect(call).to.include({ direction: 'callback', from: '*******8000', standards: 'fail' });
    const one = await f.json<{ verdict: { violations: { rule: string; measured: number }[] }; otherLeg: { name: string; timeline: { kind: string; number?: string }[] } }>(`/calls/${call?.id}?mask=1`);
    expect(one.verdict.violations.map((v) => [v.rule, v.measured])).to.deep.equal([['outbound-opening', 3_000]]);
    expect(one.otherLeg.name).to.equal('colleague');
    expect(one.otherLeg.timeline[1]?.number).to.equal('*******8000');
    const value = await scrape();
    expect(value('hotline_standards_violations_total', { rule: 'outbound-opening' })).to.equal(1);
    // A callback leg is not a caller of the hotline.
    expect(value('hotline_calls_total', { outcome: 'transferred' })).to.equal(0);
    expect((await f.json<{ day: { calls: number } }>('/kpis')).day.calls).to.equal(0);
  });

  it('keeps the series bounded: 40 more calls with their own ids, numbers and broken rules add no series', async () => {
    f = await startOpsFixture({ standards: () => standardsThresholds(testConfig().config) });
    const series = async (): Promise<string[]> =>
      [...parseExposition((await f?.req('/metrics'))?.text ?? '').values()].flatMap((fm) => fm.samples.map((x) => `${x.name}${JSON.stringify(x.labels)}`)).sort();
    const call = async (i: number): Promise<void> => {
      const c = f?.runner.start(`call-${i}`, `139${String(10_000_000 + i)}`);
      c?.add('answered');
      c?.add('prompt-started', { prompt: 'goodbye' });
      await f?.clock.advance(1_000 + i);
      c?.add('prompt-finished', { prompt: 'goodbye', status: i % 2 ? 'finished' : 'failed' });
      c?.add('dial-result', { result: i % 3 ? 'busy' : `odd-${i}` });
      c?.end(i % 2 ? 'us' : 'caller');
    };
    await call(0);
    await call(1);
    const before = (await series()).filter((x) => !x.startsWith('hotline_config_info'));
    for (let i = 2; i < 42; i++) await call(i);
    const after = (await series()).filter((x) => !x.startsWith('hotline_config_info'));
    expect(after).to.deep.equal(before);
    const rules = new Set(after.filter((x) => x.startsWith('hotline_standards_violations_total')).map((x) => JSON.parse(x.slice(x.indexOf('{'))).rule));
    expect([...rules].sort()).to.deep.equal([...RULE_IDS].sort());
  });

  it('without thresholds (no flow config given) calls are not checked, and nothing is counted', async () => {
    f = await startOpsFixture();
    const c = f.runner.start('call-x');
    c.add('answered');
    c.end('us');
    const value = await scrape();
    expect(value('hotline_standards_checks_total', { verdict: 'fail' })).to.equal(0);
    expect(await f.json('/calls/call-x')).to.not.have.property('verdict');
  });
});

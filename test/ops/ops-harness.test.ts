import { expect } from 'chai';
import { startHarness, type Harness } from '../helpers/harness.js';
import { sleep } from '../../src/clock/clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';
import { startOpsServer, type OpsServer } from '../../src/ops/server.js';
import { serviceReadiness } from '../../src/ops/readiness.js';
import { longestSilenceMs, SILENT_GAP_MS, SILENT_GAP_SLACK_MS } from '../../src/ops/call-facts.js';
import { DEMO_SCENARIOS, SLOW_LOOKUP_CALLER, SLOW_LOOKUP_SECONDS } from '../../src/demo/scenarios.js';
import type { CallSummary } from '../../src/call/runner.js';
import { openEvents } from './ops-fixture.js';
import { parseExposition } from './prom-parse.js';

const TOKEN = 'harness-ops-token-0123456789';

describe('ops server on the simulator (the real runner and flows)', function () {
  let h: Harness;
  let ops: OpsServer;
  let queue: MemoryCallbackQueue;
  let fetched: string[];

  beforeEach(async () => {
    fetched = [];
    // Callers' callbacks land in the queue the ops server reads (made once the harness's calendar exists).
    h = await startHarness({
      endpoints: { 'PJSIP/2001': { kind: 'answer', afterMs: 3_000, hangupAfterMs: 5_000 }, 'PJSIP/2002': { kind: 'busy' } },
      lookup: (req, signal) => sleep(h.calendar, (req.callerNumber === SLOW_LOOKUP_CALLER ? SLOW_LOOKUP_SECONDS : req.seconds) * 1000, signal).catch(() => undefined),
    });
    // The flows capture into the service's queue; the ops server reads the same one.
    queue = h.service.callbacks as MemoryCallbackQueue;
    ops = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
      runner: h.service.runner,
      queue,
      ready: async () => ({ ok: true, reasons: [] }),
      clock: h.calendar,
      logger: silentLogger(),
      fetchRecording: async (name) => {
        fetched.push(name);
        return Buffer.from('RIFF');
      },
      configVersion: () => 'test-v1',
      timeZone: 'Asia/Shanghai',
    });
  });
  afterEach(async () => {
    await ops.close();
    await h.close();
  });

  it("streams a real call's steps as they happen, then its end; the callback and its voice note are there", async () => {
    const s = await openEvents(ops.url, `?token=${TOKEN}`);
    const busy = DEMO_SCENARIOS.find((d) => d.name === 'busy target, callback left');
    if (!busy) throw new Error('demo scenario renamed');
    const call = await h.call(busy.script, busy.from);
    await s.waitFor((e) => e.some((x) => x.event === 'ended'));
    const steps = s.events.filter((e) => e.event === 'call' && (e.data['call'] as { id: string }).id === call.id).map((e) => (e.data['call'] as { step: string }).step);
    expect(steps).to.deep.equal(['answering', 'greeting', 'menu', 'transfer', 'callback', 'closing']);
    expect(JSON.stringify(s.events)).not.to.include(busy.from);
    s.close();

    const headers = { authorization: `Bearer ${TOKEN}` };
    const list = (await (await fetch(`${ops.url}/callbacks`, { headers })).json()) as { callbacks: { id: string; hasVoiceNote: boolean; number: string }[] };
    expect(list.callbacks).to.have.length(1);
    expect(list.callbacks[0]).to.deep.include({ hasVoiceNote: true, number: '*******8000' });
    const note = await fetch(`${ops.url}/callbacks/${list.callbacks[0]?.id}/voice-note`, { headers });
    expect(note.status).to.equal(200);
    expect(fetched).to.deep.equal([`callback-name-${call.id}`]);

    const fam = parseExposition(await (await fetch(`${ops.url}/metrics`, { headers })).text());
    const sample = (name: string, label?: [string, string]): number | undefined =>
      [...fam.values()].flatMap((f) => f.samples).find((x) => x.name === name && (!label || x.labels[label[0]] === label[1]))?.value;
    expect(sample('hotline_calls_total', ['outcome', 'callback'])).to.equal(1);
    expect(sample('hotline_transfers_total', ['result', 'busy'])).to.equal(1);
    expect(sample('hotline_callbacks_captured_total')).to.equal(1);
    expect(sample('hotline_callbacks_pending', ['status', 'pending'])).to.equal(1);
    expect(sample('hotline_hangups_total', ['by', 'caller'])).to.equal(1);
    expect(sample('hotline_prompts_played_total')).to.be.greaterThan(5);
  });

  it('serviceReadiness: ready while connected and taking calls, with reasons otherwise', async () => {
    const ready = serviceReadiness(h.service);
    expect(await ready()).to.deep.equal({ ok: true, reasons: [] });
    await h.service.runner.drain(0);
    h.service.client.close();
    expect(await ready()).to.deep.equal({ ok: false, reasons: ['not connected to Asterisk (ARI)', 'shutting down: new calls are turned away'] });
  });

  it('never counts the shipped flows as leaving a caller over 30 s without a word (the KPI agrees with the hold check-ins)', async () => {
    const ended: CallSummary[] = [];
    for (const d of DEMO_SCENARIOS.filter((x) => x.when !== 'closed')) ended.push(await h.call(d.script, d.from));
    const longest = ended.map((c) => longestSilenceMs(c.timeline));
    // The long hold runs four minutes: without its check-ins this would be far past 30 s.
    expect(ended.some((c) => c.timeline.filter((e) => e.kind === 'hold-check-in').length >= 3)).to.equal(true);
    for (const l of longest) expect(l).to.be.at.most(SILENT_GAP_MS + SILENT_GAP_SLACK_MS);
    const k = (await (await fetch(`${ops.url}/kpis`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as { day: { calls: number; leftWithoutWord: number; answerP95Ms: number } };
    expect(k.day.calls).to.equal(ended.length);
    expect(k.day.leftWithoutWord).to.equal(0);
    expect(k.day.answerP95Ms).to.be.a('number').and.at.most(100);
  });
});

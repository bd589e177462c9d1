import { expect } from 'chai';
import http from 'node:http';
import { MAX_STREAMS } from '../../src/ops/live-feed.js';
import { startOpsFixture, openEvents, TOKEN, type OpsFixture } from './ops-fixture.js';
import { parseExposition } from './prom-parse.js';
import type { NewCallbackRequest } from '../../src/store/callback-queue.js';

const request = (over: Partial<NewCallbackRequest> = {}): NewCallbackRequest => ({
  callId: 'call-1',
  number: '13812345678',
  lineType: 'mobile',
  target: 'sales',
  reason: 'busy',
  language: 'zh-CN',
  callerNumber: '13912345678',
  ...over,
});

describe('ops HTTP server (real socket, fake runner, virtual clock)', function () {
  let f: OpsFixture;
  afterEach(async () => f?.close());

  describe('auth and probes', () => {
    beforeEach(async () => (f = await startOpsFixture()));

    it('answers /healthz without a token', async () => {
      const r = await f.req('/healthz', { auth: false });
      expect(r.status).to.equal(200);
      expect(JSON.parse(r.text)).to.deep.equal({ ok: true });
    });

    it('says 401 to every other route without the right token', async () => {
      for (const path of ['/readyz', '/metrics', '/calls', '/calls/x', '/callbacks', '/callbacks.csv', '/callbacks/cb-1/voice-note', '/events', '/kpis']) {
        expect((await f.req(path, { auth: false })).status, path).to.equal(401);
        expect((await f.req(path, { auth: 'wrong-token-of-another-length' })).status, path).to.equal(401);
        expect((await f.req(path, { auth: TOKEN.slice(0, -1) + 'X' })).status, path).to.equal(401);
      }
      expect((await f.req('/callbacks/cb-1/done', { method: 'POST', auth: false })).status).to.equal(401);
    });

    it('takes ?token= on /events only', async () => {
      expect((await f.req(`/calls?token=${TOKEN}`, { auth: false })).status).to.equal(401);
      const ok = await openEvents(f.ops.url, `?token=${TOKEN}`);
      expect(ok.status).to.equal(200);
      ok.close();
      const bad = await openEvents(f.ops.url, '?token=nope');
      expect(bad.status).to.equal(401);
      bad.close();
    });

    it('/readyz: 200 when ready, 503 with the reasons when not (the queue included)', async () => {
      expect((await f.req('/readyz')).status).to.equal(200);
      f.ready.ok = false;
      f.ready.reasons = ['ARI not connected'];
      await f.queue.close();
      const r = await f.req('/readyz');
      expect(r.status).to.equal(503);
      expect(JSON.parse(r.text)).to.deep.equal({ ok: false, reasons: ['ARI not connected', 'callback queue unreachable: callback queue is closed'] });
    });

    it('without a token (loopback only) answers only requests naming a loopback host (no DNS rebinding)', async () => {
      await f.close();
      f = await startOpsFixture({ token: undefined });
      const port = new URL(f.ops.url).port;
      const get = (host: string): Promise<number> =>
        new Promise((resolve, reject) => {
          http.get({ host: '127.0.0.1', port, path: '/calls', headers: { host } }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject);
        });
      expect(await get(`127.0.0.1:${port}`)).to.equal(200);
      expect(await get(`localhost:${port}`)).to.equal(200);
      expect(await get(`attacker.invalid:${port}`)).to.equal(403);
      expect(await get('attacker.invalid')).to.equal(403);
    });

    it('caps the number of open live streams', async () => {
      const streams = await Promise.all(Array.from({ length: MAX_STREAMS }, () => openEvents(f.ops.url, `?token=${TOKEN}`)));
      expect(streams.every((x) => x.status === 200)).to.equal(true);
      const extra = await openEvents(f.ops.url, `?token=${TOKEN}`);
      expect(extra.status).to.equal(503);
      for (const x of [...streams, extra]) x.close();
    });

    it('refuses to listen beyond loopback without a token', async () => {
      let err: unknown;
      try {
        await startOpsFixture({ host: '0.0.0.0', token: undefined });
      } catch (e) {
        err = e;
      }
      expect(String(err)).to.match(/refusing to listen on 0\.0\.0\.0 without a token/);
    });
  });

  describe('metrics', () => {
    beforeEach(async () => (f = await startOpsFixture()));

    it('exposes every family with HELP and TYPE, counts from the call events, and no call id or number in any label', async () => {
      const a = f.runner.start('call-a-1700000000.1', '13912345678');
      await f.clock.advance(40);
      a.add('answered');
      a.add('prompt-started', { prompt: 'greeting' });
      await f.clock.advance(3_000);
      a.add('prompt-finished', { prompt: 'greeting', status: 'finished' });
      a.add('asked', { question: 'menu', silences: 1 });
      a.add('no-sound-close');
      a.add('prompt-started', { prompt: 'no-sound' });
      a.add('prompt-finished', { prompt: 'no-sound', status: 'failed' });
      a.end('us');
      const b = f.runner.start('call-b-1700000001.2', '13700001111');
      b.add('answered');
      b.add('menu-choice', { key: '1' });
      b.add('hold-started', { purpose: 'lookup' });
      await f.clock.advance(30_000);
      b.add('hold-check-in', { n: 1, heldMs: 30_000 });
      b.add('hold-ended', { purpose: 'lookup', heldMs: 45_000 });
      b.add('dial-result', { target: 'sales', result: 'busy' });
      b.add('callback-stored', { id: 'cb-1', number: '13812345678', target: 'sales' });
      await f.queue.capture(request());
      await f.clock.advance(60_000);
      const c = f.runner.start('call-c', '13600002222');
      c.add('answered');
      c.add('asked', { question: 'menu' });

      const r = await f.req('/metrics');
      expect(r.status).to.equal(200);
      expect(r.type).to.match(/^text\/plain/);
      const fam = parseExposition(r.text);
      for (const [name, fm] of fam) {
        expect(fm.help, `${name} HELP`).to.be.a('string').and.not.equal('');
        expect(fm.type, `${name} TYPE`).to.be.oneOf(['counter', 'gauge', 'histogram']);
        for (const s of fm.samples) {
          for (const v of Object.values(s.labels)) {
            expect(v, `${s.name} label`).not.to.match(/call-|\d{5,}/);
          }
        }
      }
      const value = (name: string, labels: Record<string, string> = {}): number | undefined =>
        [...fam.values()].flatMap((x) => x.samples).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
      expect(value('hotline_calls_total', { outcome: 'no-sound' })).to.equal(1);
      expect(value('hotline_calls_total', { outcome: 'transferred' })).to.equal(0);
      expect(value('hotline_hangups_total', { by: 'us' })).to.equal(1);
      expect(value('hotline_live_calls', { step: 'callback' })).to.equal(0);
      expect(value('hotline_live_calls', { step: 'hold' })).to.equal(1);
      expect(value('hotline_live_calls', { step: 'menu' })).to.equal(1);
      expect(value('hotline_answer_latency_seconds_count')).to.equal(3);
      expect(value('hotline_answer_latency_seconds_bucket', { le: '0.05' })).to.equal(3);
      expect(value('hotline_prompts_played_total')).to.equal(1);
      expect(value('hotline_prompts_failed_total')).to.equal(1);
      expect(value('hotline_silence_reprompts_total')).to.equal(1);
      expect(value('hotline_no_sound_closes_total')).to.equal(1);
      expect(value('hotline_hold_seconds_sum')).to.equal(45);
      expect(value('hotline_hold_check_ins_total')).to.equal(1);
      expect(value('hotline_transfers_total', { result: 'busy' })).to.equal(1);
      expect(value('hotline_callbacks_captured_total')).to.equal(1);
      expect(value('hotline_callbacks_pending', { status: 'pending' })).to.equal(1);
      expect(value('hotline_callbacks_oldest_pending_age_seconds')).to.equal(60);
      expect(value('hotline_callback_queue_up')).to.equal(1);
      expect(value('hotline_config_info', { version: 'cfg-42' })).to.equal(1);
      expect(fam.get('hotline_event_loop_delay_seconds')?.samples.map((s) => s.labels['stat'])).to.deep.equal(['p50', 'p99', 'max']);
    });
  });

  describe('calls', () => {
    beforeEach(async () => (f = await startOpsFixture()));

    it('lists live and recent calls with masked numbers, filters by since and outcome, shows one whole', async () => {
      const a = f.runner.start('call-a', '13912345678');
      a.add('answered');
      a.add('asked', { question: 'menu' });
      await f.clock.advance(10_000);
      a.add('no-sound-close');
      a.end('us');
      const since = f.clock.now();
      const b = f.runner.start('call-b', '13700001111');
      b.add('answered');
      b.add('hold-started', { purpose: 'lookup' });

      const all = await f.json<{ calls: Record<string, unknown>[] }>('/calls');
      expect(all.calls.map((c) => [c['id'], c['from'], c['live'], c['step'], c['outcome']])).to.deep.equal([
        ['call-b', '*******1111', true, 'hold', undefined],
        ['call-a', '*******5678', false, 'closing', 'no-sound'],
      ]);
      expect(JSON.stringify(all)).not.to.include('13912345678');
      expect((await f.json<{ calls: unknown[] }>(`/calls?since=${new Date(since).toISOString()}`)).calls).to.have.length(1);
      expect((await f.json<{ calls: { id: string }[] }>('/calls?outcome=no-sound')).calls.map((c) => c.id)).to.deep.equal(['call-a']);
      expect((await f.json<{ calls: { id: string }[] }>('/calls?outcome=live')).calls.map((c) => c.id)).to.deep.equal(['call-b']);
      expect((await f.req('/calls?outcome=bogus')).status).to.equal(400);
      expect((await f.req('/calls?since=yesterday')).status).to.equal(400);

      const one = await f.json<{ from: string; timeline: { kind: string; from?: string }[]; steps: { step: string }[] }>('/calls/call-a');
      expect(one.from).to.equal('13912345678');
      expect(one.timeline.map((e) => e.kind)).to.deep.equal(['call-started', 'answered', 'asked', 'no-sound-close', 'hangup']);
      expect(one.steps.map((s) => s.step)).to.deep.equal(['answering', 'greeting', 'menu', 'closing']);
      const masked = await f.json<{ from: string; timeline: { from?: string }[] }>('/calls/call-a?mask=1');
      expect(masked.from).to.equal('*******5678');
      expect(masked.timeline[0]?.from).to.equal('*******5678');
      expect((await f.req('/calls/nope')).status).to.equal(404);
    });

    it('keeps only a bounded number of finished calls', async () => {
      await f.close();
      f = await startOpsFixture({ recentCalls: 3 });
      for (let i = 0; i < 5; i++) f.runner.start(`call-${i}`).end('caller');
      expect((await f.json<{ calls: { id: string }[] }>('/calls')).calls.map((c) => c.id).sort()).to.deep.equal(['call-2', 'call-3', 'call-4']);
    });
  });

  describe('callbacks', () => {
    const wav = Buffer.from('RIFF....WAVEfmt ');
    let fetched: string[];
    beforeEach(async () => {
      fetched = [];
      f = await startOpsFixture({
        fetchRecording: async (name) => {
          fetched.push(name);
          return wav;
        },
      });
    });

    it('lists with filters (numbers masked), shows one whole, closes by hand once', async () => {
      const { request: a } = await f.queue.capture(request({ nameRecording: 'cb-name-1' }));
      await f.clock.advance(60_000);
      const since = new Date(f.clock.now()).toISOString();
      const { request: b } = await f.queue.capture(request({ number: '13800009999', extension: '8012' }));
      const list = await f.json<{ callbacks: Record<string, unknown>[] }>('/callbacks');
      expect(list.callbacks.map((c) => [c['id'], c['number'], c['callerNumber'], c['hasVoiceNote']])).to.deep.equal([
        [a.id, '*******5678', '*******5678', true],
        [b.id, '*******9999', '*******5678', false],
      ]);
      expect(list.callbacks[0]).not.to.have.property('nameRecording');
      expect((await f.json<{ callbacks: { id: string }[] }>(`/callbacks?since=${since}`)).callbacks.map((c) => c.id)).to.deep.equal([b.id]);
      expect((await f.json<{ callbacks: { id: string }[] }>('/callbacks?status=completed')).callbacks).to.deep.equal([]);
      expect((await f.req('/callbacks?status=weird')).status).to.equal(400);
      expect((await f.json<{ number: string }>(`/callbacks/${a.id}`)).number).to.equal('13812345678');
      expect((await f.req('/callbacks/cb-404')).status).to.equal(404);

      expect((await f.json<{ status: string }>(`/callbacks/${a.id}/done`, 'POST')).status).to.equal('completed');
      expect((await f.req(`/callbacks/${a.id}/cancel`, { method: 'POST' })).status).to.equal(409);
      expect((await f.json<{ status: string }>(`/callbacks/${b.id}/cancel`, 'POST')).status).to.equal('cancelled');
      expect((await f.req('/callbacks/cb-404/done', { method: 'POST' })).status).to.equal(404);
      expect((await f.json<{ callbacks: { id: string }[] }>('/callbacks?status=completed,cancelled')).callbacks).to.have.length(2);
    });

    it('exports CSV with proper quoting, masked unless whole numbers are asked for', async () => {
      await f.queue.capture(request({ target: 'sales, "east"', language: '=1+2' }));
      const r = await f.req('/callbacks.csv');
      expect(r.status).to.equal(200);
      expect(r.type).to.match(/^text\/csv/);
      const lines = r.text.split('\r\n');
      expect(lines[0]).to.equal('id,status,createdAt,updatedAt,target,reason,number,extension,lineType,language,callerNumber,attempts,lastOutcome,closedReason,hasVoiceNote');
      expect(lines[1]).to.match(/^cb-1,pending,[^,]+,[^,]+,"sales, ""east""",busy,\*{7}5678,,mobile,'=1\+2,\*{7}5678,0,,,no$/);
      expect(lines[2]).to.equal('');
      const full = await f.req('/callbacks.csv?numbers=full');
      expect(full.text.split('\r\n')[1]).to.include(',13812345678,').and.include(',13912345678,');
    });

    it('serves a voice note as audio/wav, and refuses unsafe recording names without fetching', async () => {
      const { request: ok } = await f.queue.capture(request({ nameRecording: 'callback-name-17' }));
      const r = await f.req(`/callbacks/${ok.id}/voice-note`);
      expect(r.status).to.equal(200);
      expect(r.type).to.equal('audio/wav');
      expect(r.body.equals(wav)).to.equal(true);
      for (const [i, bad] of ['../../etc/passwd', 'x\0y', 'https://example.invalid/a.wav', '/var/spool/a'].entries()) {
        const { request: q } = await f.queue.capture(request({ number: `1380000000${i}`, nameRecording: bad }));
        const res = await f.req(`/callbacks/${q.id}/voice-note`);
        expect(res.status, bad).to.equal(400);
      }
      expect(fetched).to.deep.equal(['callback-name-17']);
      const { request: none } = await f.queue.capture(request({ number: '13811112222' }));
      expect((await f.req(`/callbacks/${none.id}/voice-note`)).status).to.equal(404);
    });
  });

  describe('live stream', () => {
    beforeEach(async () => (f = await startOpsFixture()));

    it("sends a hello with the live calls, then each call's steps, entries (masked) and its end", async () => {
      const early = f.runner.start('call-early', '13900001234');
      early.add('answered');
      const s = await openEvents(f.ops.url, `?token=${TOKEN}`);
      await s.waitFor((e) => e.some((x) => x.event === 'kpis'));
      const hello = s.events[0];
      expect(hello?.event).to.equal('hello');
      expect((hello?.data['live'] as { id: string; step: string; from: string }[]).map((c) => [c.id, c.step, c.from])).to.deep.equal([['call-early', 'greeting', '*******1234']]);

      const c = f.runner.start('call-1', '13912345678');
      c.add('answered');
      c.add('asked', { question: 'menu' });
      c.add('menu-choice', { key: '2' });
      c.add('hold-started', { purpose: 'lookup' });
      c.add('callback-capture', { target: 'sales' });
      c.add('callback-stored', { id: 'cb-1', number: '13812345678' });
      c.end('caller');
      await s.waitFor((e) => e.some((x) => x.event === 'ended'));
      const steps = s.events.filter((e) => e.event === 'call' && (e.data['call'] as { id: string }).id === 'call-1').map((e) => (e.data['call'] as { step: string }).step);
      expect(steps).to.deep.equal(['answering', 'greeting', 'menu', 'hold', 'callback', 'closing']);
      const stored = s.events.find((e) => e.event === 'entry' && (e.data['entry'] as { kind: string }).kind === 'callback-stored');
      expect((stored?.data['entry'] as { number: string }).number).to.equal('*******5678');
      expect(JSON.stringify(s.events)).not.to.include('13912345678');
      expect(s.events.some((e) => e.event === 'callbacks')).to.equal(true);
      const ended = s.events.find((e) => e.event === 'ended');
      expect(ended?.data['call']).to.deep.include({ id: 'call-1', outcome: 'callback', live: false });
      s.close();
    });
  });
});

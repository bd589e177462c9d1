/**
 * Each refusal of an unsafe name happens before any request or disk
 * access: a playback or recording with a hostile name never reaches the
 * (simulated) Asterisk, the ops port answers 400 without asking the store,
 * the CLI refuses before it opens the store, a prompt path is refused
 * before the file system is touched.
 */
import { expect } from 'chai';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { RealClock } from '../../src/clock/clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { AriClient } from '../../src/ari/client.js';
import type { ChannelHandle } from '../../src/ari/channel-handle.js';
import { SimulatedAsterisk } from '../../src/sim/index.js';
import { promptPath } from '../../src/sounds/layout.js';
import { UnsafeNameError } from '../../src/security/safe-names.js';
import { startOpsServer, type OpsServer } from '../../src/ops/server.js';
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';
import { runCallbacksCommand } from '../../src/cli/callbacks-command.js';
import { OPEN_TIME, testTransport } from '../helpers/harness.js';
import { EventEmitter } from 'node:events';

describe('security: unsafe names are refused before Asterisk or the disk sees them', function () {
  describe('ARI: play and record', () => {
    let clock: VirtualClock;
    let sim: SimulatedAsterisk;
    let client: AriClient;
    const calls: ChannelHandle[] = [];
    beforeEach(async () => {
      clock = new VirtualClock(OPEN_TIME);
      sim = new SimulatedAsterisk({ clock, username: 'u', password: 'pw', logger: silentLogger() });
      await sim.start();
      client = new AriClient({ url: sim.url, username: 'u', password: 'pw', app: 'hotline', clock, logger: silentLogger(), pingIntervalMs: 0, ...testTransport() });
      client.on('call', (ch: ChannelHandle) => calls.push(ch));
      await client.connect();
    });
    afterEach(async () => {
      client.close();
      await sim.stop();
    });

    it('a hostile media URI or recording name fails at once, with no REST request sent', async () => {
      sim.placeCall({ app: 'hotline', from: '13800000001', script: [] });
      await clock.runUntil(() => calls.length > 0, { maxMs: 5_000 });
      const ch = calls[0] as ChannelHandle;
      await ch.answer();
      const sent = (): number => sim.restRequests().http + sim.restRequests().websocket;
      const before = sent();
      for (const media of ['sound:hotline/../../../../etc/passwd', 'sound:hotline/%2e%2e%2fsecret', 'recording:../../etc/shadow', 'http://evil.invalid/x.wav', 'file:///etc/passwd', 'sound:hotline/x\0.wav']) {
        const r = await ch.play(media);
        expect(r.status, media).to.equal('failed');
        expect(r.detail, media).to.match(/^media refused: /);
      }
      for (const name of ['../../etc/cron.d/x', '/tmp/x', 'a\0b', 'file:x', 'a%2f..%2fb']) {
        const r = await ch.record({ name, maxDurationSeconds: 5, maxSilenceSeconds: 2 });
        expect(r.status, name).to.equal('failed');
      }
      expect(sent() - before, 'REST requests sent for refused names').to.equal(0);
      // The gate lets the real thing through (so the check above is not vacuous).
      const ok = ch.play('sound:hotline/offer-help', { lang: 'zh_CN' });
      let done: Awaited<typeof ok> | undefined;
      void ok.then((r) => (done = r));
      await clock.runUntil(() => done !== undefined, { maxMs: 60_000 });
      expect(done?.status).to.equal('finished');
      expect(sent() - before).to.be.greaterThan(0);
      await ch.hangup();
      await clock.advance(100);
    });
  });

  describe('the ops port', () => {
    let ops: OpsServer;
    const asked: string[] = [];
    beforeEach(async () => {
      const queue = new MemoryCallbackQueue(new RealClock());
      // Every store read the routes make, to show a refused id never gets there.
      const spy = new Proxy(queue, {
        get(target, prop, recv) {
          const v = Reflect.get(target, prop, recv) as unknown;
          if (typeof v !== 'function') return v;
          return (...args: unknown[]) => {
            asked.push(String(prop));
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      asked.length = 0;
      ops = await startOpsServer({ host: '127.0.0.1', port: 0, token: 'a-long-test-token-0123456789', runner: new EventEmitter(), queue: spy, ready: () => Promise.resolve({ ok: true, reasons: [] }), clock: new RealClock(), logger: silentLogger(), configVersion: () => 'v1' });
    });
    afterEach(async () => ops.close());

    it('a callback id with ../, %2e%2e, NUL, a scheme or a separator is a 400 and the store is never asked', async () => {
      for (const id of ['..%2F..%2Fetc%2Fpasswd', '%2e%2e%2fx', 'a%00b', 'file%3A%2F%2Fx', 'cb-1%2Fx', '%252e%252e']) {
        for (const [method, suffix] of [['GET', ''], ['POST', '/cancel'], ['POST', '/done'], ['GET', '/voice-note']] as const) {
          const res = await fetch(`${ops.url}/callbacks/${id}${suffix}`, { method, headers: { authorization: 'Bearer a-long-test-token-0123456789' } });
          expect(res.status, `${method} ${id}${suffix}`).to.equal(400);
          expect(((await res.json()) as { error: string }).error).to.match(/^not a callback request id/);
        }
      }
      expect(asked.filter((m) => m === 'get' || m === 'cancel' || m === 'markDone'), 'store calls').to.deep.equal([]);
      const ok = await fetch(`${ops.url}/callbacks/cb-1`, { headers: { authorization: 'Bearer a-long-test-token-0123456789' } });
      expect(ok.status).to.equal(404);
      expect(asked).to.include('get');
    });
  });

  it('the CLI refuses a hostile id before it opens the store (no database file is created)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cli-safe-'));
    const db = path.join(dir, 'callbacks.sqlite');
    for (const id of ['../x', 'a/b', 'file:x', '%2e%2e', 'a\0b']) {
      const err: string[] = [];
      const code = await runCallbacksCommand(['show', id], { env: { CALLBACK_DB_PATH: db }, cwd: dir, out: () => undefined, err: (t) => err.push(t) });
      expect(code, id).to.equal(2);
      expect(err.join('\n')).to.match(/not a callback request id/);
    }
    expect(existsSync(db), 'store opened').to.equal(false);
  });

  it('a prompt path with a hostile id throws before the file system is touched', () => {
    for (const id of ['../../etc/passwd', 'a/b', 'x\0', '%2e%2e']) expect(() => promptPath('en-US', id), id).to.throw(UnsafeNameError);
    expect(promptPath('en-US', 'offer-help', '/s')).to.equal(path.join('/s', 'en-US', 'offer-help.wav'));
  });
});

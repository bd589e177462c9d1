/**
 * The ARI password and the ops token come from the environment only and
 * appear nowhere else: not in the service's log (stdout and stderr, at
 * debug), not in an error it reports (a refused login, readiness while
 * Asterisk is gone), not in anything the ops port serves (the page, its
 * script, the JSON, CSV, metrics and the live feed). The real service
 * (src/main.ts) runs as a new user would start it, against a simulated
 * Asterisk with those credentials in this process.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { RealClock } from '../../src/clock/clock.js';
import { ShiftedClock } from '../../src/clock/shifted-clock.js';
import { silentLogger, createLogger } from '../../src/log/logger.js';
import { AriClient } from '../../src/ari/client.js';
import { SimulatedAsterisk } from '../../src/sim/index.js';
import { LogLines } from '../helpers/log-lines.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SqliteCallbackQueue } from '../../src/store/sqlite-callback-queue.js';
import { OPEN_TIME, testTransport } from '../helpers/harness.js';

const ARI_PASSWORD = 'ari-Pa55word-never-shown-7f3a';
const OPS_TOKEN = 'ops-token-never-shown-0123456789abcdef';
const SECRETS = [ARI_PASSWORD, OPS_TOKEN, Buffer.from(`hotline:${ARI_PASSWORD}`).toString('base64')];
const leaks = (text: string): string[] => SECRETS.filter((s) => text.includes(s));

describe('security: credentials and the ops token stay out of logs, errors and the ops page', function () {
  this.timeout(60_000);

  it('a refused ARI login: the error and every log line name the problem, not the password', async () => {
    const clock = new VirtualClock(OPEN_TIME);
    const sim = new SimulatedAsterisk({ clock, username: 'hotline', password: 'the-right-one', logger: silentLogger() });
    await sim.start();
    const lines = new LogLines();
    const logger = createLogger({ level: 'debug', json: true });
    logger.clear().add(lines);
    const client = new AriClient({ url: sim.url, username: 'hotline', password: ARI_PASSWORD, app: 'hotline', clock, logger, pingIntervalMs: 0, ...testTransport() });
    let err: unknown;
    try {
      await client.connect();
    } catch (e) {
      err = e;
    } finally {
      client.close();
      await sim.stop();
    }
    expect(err, 'login refused').to.be.instanceOf(Error);
    const e = err as Error & Record<string, unknown>;
    expect(leaks(`${e.message}\n${e.stack ?? ''}\n${JSON.stringify(e)}\n${String(e)}`)).to.deep.equal([]);
    expect(lines.lines.join('\n')).to.match(/ARI_USERNAME and ARI_PASSWORD/);
    expect(leaks(lines.lines.join('\n'))).to.deep.equal([]);
  });

  describe('the real service (src/main.ts) with ARI_URL and OPS_TOKEN', () => {
    let sim: SimulatedAsterisk;
    let child: ChildProcess;
    let out = '';
    let opsUrl = '';
    before(async () => {
      sim = new SimulatedAsterisk({ clock: new ShiftedClock(new RealClock(), OPEN_TIME), username: 'hotline', password: ARI_PASSWORD, logger: silentLogger() });
      await sim.start();
      sim.defineEndpoint('PJSIP/2001', { kind: 'busy' });
      sim.defineEndpoint('PJSIP/2002', { kind: 'busy' });
      // A request in the queue the service opens, so the queue pages have one to show.
      const db = path.join(mkdtempSync(path.join(tmpdir(), 'secrets-')), 'callbacks.sqlite');
      const q = SqliteCallbackQueue.open(db, new RealClock());
      await q.capture({ callId: 'c1', number: '13800138000', lineType: 'mobile', target: 'service-desk', reason: 'busy', language: 'en-US', callerNumber: '13912345678' });
      await q.close();
      const env = { ...process.env, ARI_URL: sim.url, ARI_USERNAME: 'hotline', ARI_PASSWORD, OPS_TOKEN, OPS_PORT: '0', LOG_LEVEL: 'debug', CALLBACK_DB_PATH: db, DRAIN_SECONDS: '1', TZ: 'UTC' };
      child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
      const t0 = Date.now();
      while (!/ops page and metrics on (http:\/\/[^/\s]+)\//.test(out)) {
        if (Date.now() - t0 > 30_000 || child.exitCode !== null) throw new Error(`the service did not start its ops port: ${out}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      opsUrl = (/ops page and metrics on (http:\/\/[^/\s]+)\//.exec(out) as RegExpExecArray)[1] as string;
    });
    after(async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        await exited;
      }
      await sim.stop().catch(() => undefined);
    });

    it('serves nothing that carries a secret (page, script, JSON, CSV, metrics, feed, errors), and logs none at debug, also while Asterisk is gone', async () => {
      // A caller (whichever flow the hour gives: the service runs on real time), so the pages have a call to show.
      const call = sim.placeCall({ app: 'hotline', from: '13912345678', to: '4000', script: [{ wait: 3_000 }, { press: '0' }, { wait: 1_000 }, { hangup: true }] });
      const t0 = Date.now();
      while (!call.log.some((e) => e.kind === 'hangup')) {
        if (Date.now() - t0 > 30_000) throw new Error('the caller did not finish');
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 500));
      const auth = { authorization: `Bearer ${OPS_TOKEN}` };
      const served: string[] = [];
      const get = async (p: string, headers: Record<string, string> = auth): Promise<string> => {
        const res = await fetch(`${opsUrl}${p}`, { headers });
        const text = await res.text();
        served.push(`${p} ${res.status} ${JSON.stringify([...res.headers])} ${text}`);
        return text;
      };
      await get('/');
      for (const asset of ['/app.js', '/style.css', '/index.html']) await get(asset);
      const calls = JSON.parse(await get('/calls')) as { calls?: { id: string }[] };
      for (const c of calls.calls ?? []) await get(`/calls/${c.id}`);
      const cbs = JSON.parse(await get('/callbacks')) as { callbacks?: { id: string }[] };
      expect(cbs.callbacks?.length, 'the callback is listed').to.equal(1);
      for (const c of cbs.callbacks ?? []) await get(`/callbacks/${c.id}`);
      for (const p of ['/callbacks.csv', '/callbacks.csv?numbers=full', '/kpis', '/metrics', '/readyz', '/healthz', '/nope']) await get(p);
      // Wrong or missing token: the 401 does not echo what was sent.
      await get('/calls', { authorization: `Bearer ${OPS_TOKEN}x` });
      await get('/calls', {});
      // The live feed's first frames.
      const ac = new AbortController();
      const feed = await fetch(`${opsUrl}/events?token=${OPS_TOKEN}`, { signal: ac.signal });
      const reader = feed.body?.getReader();
      const first = await reader?.read();
      served.push(Buffer.from(first?.value ?? new Uint8Array()).toString());
      ac.abort();
      // Asterisk goes away: readiness says so, without the credentials it used.
      await sim.stop();
      await new Promise((r) => setTimeout(r, 1_500));
      const ready = await get('/readyz');
      expect(ready).to.match(/"ok":false/);
      expect(served.length).to.be.greaterThan(15);
      expect(served.filter((s) => leaks(s).length > 0)).to.deep.equal([]);
      expect(out.split('\n').length, 'debug lines logged').to.be.greaterThan(20);
      expect(out.split('\n').filter((l) => leaks(l).length > 0)).to.deep.equal([]);
    });
  });
});

/**
 * Crash safety: the real service in its own process (fixtures/service-child.ts,
 * SQLite queue, or PostgreSQL with TEST_DATABASE_URL; dialer on) against the simulator in this process, killed with
 * SIGKILL in the middle of calls and started again.
 *   - killed right after a caller's callback confirmation started playing,
 *     with other callers mid-flow: the confirmed request is in the store, every
 *     row is whole and valid, and each caller still in Stasis is taken up again
 *     by the new process (hears us again) or ended, none left in silence;
 *   - killed while the dialer is ringing a customer: after the restart the
 *     request is dialled again only once its lease ran out, exactly once, and
 *     never two calls to that customer at once.
 * Real time (two processes cannot share a virtual clock); prompts are made
 * short in the simulator so a run takes seconds. The dates both sides read
 * are shifted into opening hours, so the machine's clock does not matter.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { RealClock } from '../../src/clock/clock.js';
import { ShiftedClock } from '../../src/clock/shifted-clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { SimulatedAsterisk, type SimCall } from '../../src/sim/index.js';
import { SOUNDS_DIR } from '../../src/sounds/layout.js';
import { SqliteCallbackQueue } from '../../src/store/sqlite-callback-queue.js';
import type { CallbackQueue, CallbackRequest } from '../../src/store/callback-queue.js';
import { PgCallbackQueue } from '../../src/store/pg-callback-queue.js';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { OPEN_TIME } from '../helpers/harness.js';

const CHILD = path.join(import.meta.dirname, 'fixtures', 'service-child.ts');
const LEASE_SECONDS = 15;

/** Every prompt plays for 30 ms in the simulator: the flows run in a blink of real time. */
function shortPrompts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of readdirSync(path.join(SOUNDS_DIR, 'en-US'))) if (f.endsWith('.wav')) out[`hotline/${f.slice(0, -4)}`] = 30;
  return out;
}

/** Real-time wait until cond holds (polling), or fail with what. */
async function until(cond: () => boolean, what: string, maxMs = 30_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > maxMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Starts the service child; resolves once it printed "ready". */
async function startChild(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (l) => l === 'ready' && resolve());
    child.on('exit', (code, sig) => reject(new Error(`service child exited (${String(code ?? sig)}): ${stderr}`)));
  });
  return child;
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A stored request is whole: every field the contract promises has its type, and its attempts too. */
function rowProblems(r: CallbackRequest): string[] {
  const p: string[] = [];
  const str = (k: keyof CallbackRequest): void => void (typeof r[k] === 'string' && (r[k] as string).length > 0 ? undefined : p.push(`${r.id}: ${String(k)} missing`));
  for (const k of ['id', 'callId', 'number', 'target', 'reason', 'language', 'callerNumber', 'status', 'createdAt', 'updatedAt', 'notBefore'] as const) str(k);
  if (!/^\d{3,20}$/.test(r.number)) p.push(`${r.id}: number ${r.number} is not digits`);
  if (!['pending', 'dialing', 'completed', 'failed', 'cancelled'].includes(r.status)) p.push(`${r.id}: status ${r.status}`);
  for (const k of ['createdAt', 'updatedAt', 'notBefore'] as const) if (Number.isNaN(Date.parse(r[k]))) p.push(`${r.id}: ${k} not a time`);
  if (!Array.isArray(r.attempts) || r.attempts.some((a) => !a.outcome || Number.isNaN(Date.parse(a.at)) || !a.instance)) p.push(`${r.id}: attempts malformed`);
  return p;
}

const CAPTURE = [
  { waitForPrompt: 'menu-options', on: 'end' as const }, { press: '0' },
  { waitForPrompt: 'busy-choice', on: 'end' as const }, { press: '1' },
  { waitForPrompt: 'callback-enter-number', on: 'end' as const }, { press: '13800138000#' },
  { waitForPrompt: 'callback-confirm', on: 'end' as const }, { press: '1' },
  { waitForPrompt: 'callback-record-name', on: 'end' as const }, { speak: 300 },
  { waitForPrompt: 'goodbye', on: 'end' as const, timeoutMs: 60_000 }, { hangup: true as const },
];

const PG_URL = process.env['TEST_DATABASE_URL'];

for (const store of ['SQLite', 'PostgreSQL'] as const) {
  describe(`reliability: crash safety (the service SIGKILLed mid-call and restarted, ${store})`, function () {
    this.timeout(120_000);
    let dir: string;
    let sim: SimulatedAsterisk;
    let child: ChildProcess | undefined;
    let env: Record<string, string>;
    let admin: pg.Client | undefined;
    const clock = new ShiftedClock(new RealClock(), OPEN_TIME);
    /** Another connection to the store the service uses, as ops or a second instance would open it. */
    let openStore: () => Promise<CallbackQueue>;

    before(async function () {
      if (store === 'SQLite') return;
      if (!PG_URL) {
        if (process.env['CI']) throw new Error('TEST_DATABASE_URL is required under CI');
        console.log('      PostgreSQL crash tests SKIPPED: TEST_DATABASE_URL is not set');
        this.skip();
      }
      admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
    });
    after(async () => admin?.end());
    beforeEach(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-crash-'));
      sim = new SimulatedAsterisk({ clock, username: 'test', password: 'test-secret', logger: silentLogger(), soundLengths: shortPrompts() });
      await sim.start();
      env = { SIM_URL: sim.url, CALLBACK_DB_PATH: path.join(dir, 'callbacks.sqlite'), PRETEND_NOW: String(clock.now()), LEASE_SECONDS: String(LEASE_SECONDS) };
      if (store === 'PostgreSQL' && admin && PG_URL) {
        const schema = `crash_${randomBytes(6).toString('hex')}`;
        await admin.query(`CREATE SCHEMA ${schema}`);
        env = { ...env, PG_URL, PG_SCHEMA: schema };
        openStore = () => PgCallbackQueue.open({ connectionString: PG_URL, clock, schema });
      } else {
        openStore = () => Promise.resolve(SqliteCallbackQueue.open(env['CALLBACK_DB_PATH'] as string, clock));
      }
    });
    afterEach(async () => {
      if (child && child.exitCode === null && child.signalCode === null) await kill9(child);
      child = undefined;
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
      if (env['PG_SCHEMA']) await admin?.query(`DROP SCHEMA IF EXISTS ${env['PG_SCHEMA']} CASCADE`);
    });

    it('killed right after a callback confirmation started: the request is stored whole, callers still in Stasis are taken up again or ended', async () => {
      // The desk is busy (so the caller is offered a callback); the dialer cannot call yet.
      sim.defineEndpoint('PJSIP/2001', { kind: 'busy' });
      sim.defineEndpoint('PJSIP/2002', { kind: 'busy' });
      child = await startChild(env);
      const capturing = sim.placeCall({ app: 'hotline', from: '13912340001', to: '4000', script: CAPTURE });
      // Others mid-flow at the kill: one in the menu, one silent.
      const others: SimCall[] = [
        sim.placeCall({ app: 'hotline', from: '13912340002', to: '4000', script: [{ waitForPrompt: 'menu-options', on: 'end' }, { wait: 60_000 }, { hangup: true }] }),
        sim.placeCall({ app: 'hotline', from: '13912340003', to: '4000', script: [{ wait: 60_000 }, { hangup: true }] }),
      ];
      const heard = (c: SimCall, id: string): boolean => c.log.some((e) => e.kind === 'playback-started' && 'media' in e && e.media === `sound:hotline/${id}`);
      await until(() => heard(capturing, 'callback-stored'), 'the callback confirmation to start');
      await kill9(child);
      const killedAt = clock.now();

      // On disk, straight after the kill, with another connection: the confirmed request and only whole rows.
      const reader = await openStore();
      const rows = await reader.list({});
      await reader.close();
      expect(rows.map((r) => r.number)).to.deep.equal(['13800138000']);
      expect(rows.flatMap(rowProblems)).to.deep.equal([]);

      // A new process takes over the app: each caller still in Stasis hears us again (the recovery) or is ended.
      child = await startChild(env);
      const live = [capturing, ...others].filter((c) => !c.log.some((e) => e.kind === 'hangup'));
      expect(live.length, 'callers still in Stasis at the restart').to.be.greaterThan(0);
      const takenUp = (c: SimCall): boolean => c.log.some((e) => e.kind === 'hangup') || c.log.some((e) => e.kind === 'playback-started' && e.at > killedAt);
      await until(() => live.every(takenUp), 'every caller in Stasis to hear us again or be ended');
      expect(sim.stats().apps).to.equal(1);
    });

    it('killed while the dialer rings a customer: dialled again only after the lease, once, never twice at once', async () => {
      sim.defineEndpoint('PJSIP/2001', { kind: 'answer', afterMs: 200 });
      sim.defineEndpoint('PJSIP/2002', { kind: 'answer', afterMs: 200 });
      // The customer's phone rings long enough for the kill, then (second time) answers and confirms.
      sim.defineCustomer('13800138000', { kind: 'noanswer' });
      const seed = await openStore();
      const { request } = await seed.capture({ callId: 'crash-dial', number: '13800138000', lineType: 'mobile', target: 'service-desk', reason: 'busy', language: 'en-US', callerNumber: '13800138000' });
      await seed.close();
      child = await startChild(env);
      await until(() => sim.callsTo('13800138000').length === 1, 'the dialer to ring the customer');
      const firstDial = clock.now();
      await kill9(child);
      sim.defineCustomer('13800138000', { kind: 'answer', afterMs: 500, script: [{ waitForPrompt: 'outbound-holder-keys', on: 'end' }, { press: '1' }, { waitForBridge: true }, { wait: 500 }, { hangup: true }] });
      const atKill = await openStore();
      expect((await atKill.get(request.id))?.status, 'held by the killed instance').to.equal('dialing');
      await atKill.close();

      child = await startChild(env);
      // Watched at every poll: when the second dial appears, the first call to that customer must be gone.
      let overlapped = false;
      await until(() => {
        const calls = sim.callsTo('13800138000');
        if (calls.length < 2) return false;
        const live = new Set(sim.channels().map((c) => String(c['id'])));
        overlapped = calls.filter((c) => live.has(c.channelId)).length > 1;
        return true;
      }, 'the request to be dialled again', (LEASE_SECONDS + 20) * 1000);
      expect(overlapped, 'two calls to the customer at once').to.equal(false);
      const second = sim.callsTo('13800138000')[1];
      expect((second?.at ?? 0) - firstDial, 'the second dial waited for the lease').to.be.at.least(LEASE_SECONDS * 1000 - 1_000);
      const after = await openStore();
      const t0 = Date.now();
      let final: CallbackRequest | undefined;
      while (Date.now() - t0 < 20_000) {
        final = await after.get(request.id);
        if (final?.status === 'completed') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await after.close();
      expect(final?.status, JSON.stringify(final?.attempts)).to.equal('completed');
      expect(sim.callsTo('13800138000').length, 'dials of the customer').to.equal(2);
      expect(rowProblems(final as CallbackRequest)).to.deep.equal([]);
    });
  });
}

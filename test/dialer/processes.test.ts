/**
 * Two dialer processes on one real PostgreSQL (TEST_DATABASE_URL), against
 * one simulated Asterisk, in real time: 200 requests are each dialled once,
 * and a dialer killed with SIGKILL mid-dial leaves its request to the other
 * once the lease has run out, never before. Prompts play for 30 ms on this
 * simulator, so an attempt takes well under a second. Without the URL the
 * suite is skipped, visibly, on a developer's machine, and fails under
 * CI=true (CI starts a server).
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { RealClock } from '../../src/clock/clock.js';
import { SimulatedAsterisk } from '../../src/sim/index.js';
import { SOUNDS_DIR } from '../../src/sounds/layout.js';
import { PgCallbackQueue } from '../../src/store/pg-callback-queue.js';
import { silentLogger } from '../../src/log/logger.js';
import { startTsChild, type LineChild } from './support/child-process.js';
import { leaseMsFor } from '../../src/dialer/lease-keeper.js';
import { PROCESS_TARGETS, processDialerConfig, processTarget } from './support/process-dialer-config.js';
import { testDatabaseUrl } from '../helpers/pg-test-database.js';

const CHILD = path.join(import.meta.dirname, 'support', 'dialer-process.ts');
const SIM_PASSWORD = randomBytes(9).toString('hex');
/** A customer who waits for the right-person check, confirms, and hangs up soon after being put through. */
const CONFIRMS = [{ waitForPrompt: 'outbound-holder-keys', on: 'end' as const }, { press: '1' }, { waitForBridge: true as const }, { wait: 200 }, { hangup: true as const }];

/** Polls until cond() holds (real time: this test runs real processes). */
async function until(cond: () => boolean | Promise<boolean>, maxMs: number, what: string): Promise<void> {
  const end = Date.now() + maxMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${maxMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('dialer: two processes on one PostgreSQL', function () {
  this.timeout(120_000);
  const url = testDatabaseUrl('two-process dialer suite');
  if (!url) return;
  let admin: pg.Pool;
  let sim: SimulatedAsterisk;
  let schema: string;
  let queue: PgCallbackQueue;
  let children: LineChild[] = [];

  before(async () => {
    admin = new pg.Pool({ connectionString: url, max: 2 });
    admin.on('error', () => undefined);
  });
  after(async () => {
    await admin.end();
  });
  beforeEach(async () => {
    // Every prompt plays for 30 ms: the test is about who dials what, not about listening.
    const soundLengths = Object.fromEntries(readdirSync(path.join(SOUNDS_DIR, 'en-US')).map((f) => [`hotline/${f.replace(/\.wav$/, '')}`, 30]));
    sim = new SimulatedAsterisk({ clock: new RealClock(), username: 'test', password: SIM_PASSWORD, logger: silentLogger(), soundLengths });
    await sim.start();
    for (const t of Object.values(processDialerConfig().config.targets)) sim.defineEndpoint(t.dial, { kind: 'answer', afterMs: 50 });
    schema = `test_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    queue = await PgCallbackQueue.open({ connectionString: url, clock: new RealClock(), schema });
  });
  afterEach(async () => {
    for (const c of children) {
      if (c.child.exitCode === null && c.child.signalCode === null) {
        c.child.stdin.end();
        const stopped = await Promise.race([c.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 10_000))]);
        if (!stopped) c.child.kill('SIGKILL');
      }
    }
    children = [];
    await queue.close();
    await sim.stop();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  const startDialerProcess = async (instance: string): Promise<LineChild> => {
    const c = startTsChild(CHILD, { SIM_URL: sim.url, SIM_PASSWORD, TEST_DATABASE_URL: url, PG_SCHEMA: schema, INSTANCE: instance });
    children.push(c);
    await c.waitFor((l) => l === 'ready');
    return c;
  };
  const capture = (number: string, target: string): ReturnType<PgCallbackQueue['capture']> =>
    queue.capture({ callId: `call-${number}`, number, lineType: 'mobile', target, reason: 'busy', language: 'en-US', callerNumber: number });
  const attempts = (c: LineChild): { requestId: string; outcome: string; recorded: boolean }[] =>
    c.lines.filter((l) => l.startsWith('attempt ')).map((l) => JSON.parse(l.slice('attempt '.length)) as { requestId: string; outcome: string; recorded: boolean });

  it('200 requests, two dialers: each customer is dialled once, each request completed with one attempt', async () => {
    const numbers = Array.from({ length: 200 }, (_, i) => String(13900000000 + i));
    const ids: string[] = [];
    for (const [i, n] of numbers.entries()) {
      sim.defineCustomer(n, { kind: 'answer', afterMs: 100, script: CONFIRMS });
      ids.push((await capture(n, processTarget(i % PROCESS_TARGETS).name)).request.id);
    }
    const [a, b] = [await startDialerProcess('node-a'), await startDialerProcess('node-b')];
    for (const c of [a, b]) c.child.stdin.write('go\n');
    await until(async () => (await queue.list({ status: ['completed'] })).length === 200, 90_000, 'all 200 requests completed');
    // The simulator's record of outbound calls: one call per customer's number.
    const twice = numbers.filter((n) => sim.callsTo(n).length !== 1);
    expect(twice, 'numbers not dialled exactly once').to.deep.equal([]);
    const stored = await queue.list();
    expect(stored.map((r) => r.id).sort()).to.deep.equal([...ids].sort());
    for (const r of stored) {
      expect(r.status, r.id).to.equal('completed');
      expect(r.attempts.map((x) => x.outcome), r.id).to.deep.equal(['completed']);
    }
    const byInstance = new Map<string, number>();
    for (const r of stored) byInstance.set(r.attempts[0]?.instance ?? '', (byInstance.get(r.attempts[0]?.instance ?? '') ?? 0) + 1);
    // Both really dialled: otherwise this would not have tested sharing at all.
    expect([...byInstance.keys()].sort(), JSON.stringify([...byInstance])).to.deep.equal(['node-a', 'node-b']);
    // Each process reported exactly the requests it completed (an attempt reports once its conversation is over).
    await until(() => attempts(a).length + attempts(b).length >= 200, 30_000, 'the attempt reports');
    const reported = [...attempts(a), ...attempts(b)];
    expect(reported.filter((x) => x.outcome !== 'completed')).to.deep.equal([]);
    expect(new Set(reported.map((x) => x.requestId)).size).to.equal(200);
    expect(reported).to.have.length(200);
  });

  it('a dialer killed with SIGKILL mid-dial: the other takes its request only after the lease ends, and completes it once', async () => {
    const number = '13900001000';
    const target = processTarget(0);
    // The customer rings long, so the first dialer is killed while it rings.
    sim.defineCustomer(number, { kind: 'answer', afterMs: 60_000, script: CONFIRMS });
    const { request } = await capture(number, target.name);
    const a = await startDialerProcess('node-a');
    const b = await startDialerProcess('node-b');
    a.child.stdin.write('go\n');
    await until(() => sim.callsTo(number).length === 1, 30_000, 'node-a to dial the customer');
    expect((await queue.get(request.id))?.lease?.instance).to.equal('node-a');
    // node-b runs from now on: while node-a's lease is live it must leave the request alone.
    b.child.stdin.write('go\n');
    await new Promise((r) => setTimeout(r, 1_500));
    a.child.kill('SIGKILL');
    const [, signal] = await a.exited;
    expect(signal).to.equal('SIGKILL');
    // Dead now: nobody renews the lease; this is when it ends.
    const held = await queue.get(request.id);
    expect(held?.status).to.equal('dialing');
    expect(held?.lease?.instance).to.equal('node-a');
    const leaseEnds = Date.parse(held?.lease?.until ?? '');
    const dialer = processDialerConfig().config.dialer;
    if (!dialer) throw new Error('the process config has a dialer section');
    expect(leaseEnds - Date.now()).to.be.at.most(leaseMsFor(dialer));
    // The dead node's legs stay in Asterisk: the colleague, hearing nothing more, hangs up; the
    // customer's leg ends at its dial timeout, as Asterisk ends it. This time the customer answers.
    const colleagueLeg = sim.callsTo(target.dial)[0]?.channelId ?? '';
    const auth = `Basic ${Buffer.from(`test:${SIM_PASSWORD}`).toString('base64')}`;
    const hung = await fetch(`${sim.url}/channels/${encodeURIComponent(colleagueLeg)}`, { method: 'DELETE', headers: { authorization: auth } });
    expect(hung.status).to.equal(204);
    sim.defineCustomer(number, { kind: 'answer', afterMs: 100, script: CONFIRMS });
    await until(async () => (await queue.get(request.id))?.status === 'completed', 60_000, 'node-b to complete the request');
    const calls = sim.callsTo(number);
    expect(calls, 'calls to the customer: node-a, then node-b').to.have.length(2);
    expect(calls[1]?.at ?? 0, 'node-b dialled only after the lease ended').to.be.at.least(leaseEnds);
    // ...and after Asterisk had ended node-a's ringing leg: the phone never rang twice at once.
    expect((calls[1]?.at ?? 0) - (calls[0]?.at ?? 0)).to.be.at.least(dialer.ringSeconds * 1000);
    const done = await queue.get(request.id);
    expect(done?.attempts.map((x) => [x.instance, x.outcome])).to.deep.equal([['node-b', 'completed']]);
    await until(() => attempts(b).length > 0, 30_000, "node-b's attempt report");
    expect(attempts(b)).to.deep.equal([{ requestId: request.id, outcome: 'completed', recorded: true }]);
    // Nothing more after the promise was kept.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(sim.callsTo(number)).to.have.length(2);
  });
});

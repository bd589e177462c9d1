/** Several instances on one queue: a request is dialled by one of them only; a stopped instance's request goes to another after the lease. */
import { expect } from 'chai';
import { startDialerFixture, type DialerFixture } from './support/dialer-fixture.js';
import { CONFIRMS } from './support/logs.js';
import { leaseMsFor } from '../../src/dialer/lease-keeper.js';
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';

const NUMBERS = ['13800000001', '13800000002', '13800000003', '13800000004', '13800000005', '13800000006'];

describe('dialer: several instances', function () {
  this.timeout(30_000);
  let f: DialerFixture;
  afterEach(async () => {
    await f?.close();
  });

  it('two dialers on one queue never dial the same request', async () => {
    f = await startDialerFixture({ instances: ['node-a', 'node-b'] });
    for (const n of NUMBERS) f.sim.defineCustomer(n, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
    const reqs = [];
    for (const [i, n] of NUMBERS.entries()) reqs.push(await f.capture(n, i % 2 === 0 ? 'sales' : 'service-desk'));
    await f.untilReports(NUMBERS.length, 3_600_000);
    for (const n of NUMBERS) expect(f.sim.callsTo(n), n).to.have.length(1);
    for (const r of reqs) {
      const stored = await f.queue.get(r.id);
      expect(stored?.status).to.equal('completed');
      expect(stored?.attempts).to.have.length(1);
    }
    expect(new Set(f.reports.map((r) => r.requestId)).size).to.equal(NUMBERS.length);
    // Both took part: the claim spreads the work, it does not hand it all to one.
    expect(new Set(f.reports.map((r) => r.instance))).to.deep.equal(new Set(['node-a', 'node-b']));
  });

  it('a dialer stopped mid-dial leaves its request to another instance once the lease has run out', async () => {
    f = await startDialerFixture({ endpoints: { 'PJSIP/2001': { kind: 'answer', afterMs: 2_000 }, 'PJSIP/2002': { kind: 'answer', afterMs: 10_000 } } });
    const number = NUMBERS[0] ?? '';
    f.sim.defineCustomer(number, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
    const req = await f.capture(number);
    await f.clock.runUntil(() => f.sim.callsTo('PJSIP/2002').length === 1, { maxMs: 60_000 });
    const claimedAt = f.clock.now();
    await f.clock.advance(3_000);
    let stopped = false;
    void f.dialers[0]?.stop().then(() => (stopped = true));
    await f.clock.runUntil(() => stopped, { maxMs: 10_000 });
    expect(f.reports.map((r) => r.outcome)).to.deep.equal(['stopped']);
    const held = await f.queue.get(req.id);
    expect(held?.status).to.equal('dialing');
    expect(held?.lease?.instance).to.equal('node-a');
    expect(f.sim.callsTo('PJSIP/2002')[0]?.log.some((e) => e.kind === 'hangup')).to.equal(true);
    await f.addInstance('node-b');
    await f.untilReports(2, 3_600_000);
    const second = f.sim.callsTo('PJSIP/2002')[1];
    // The lease is 60 s (leaseSeconds): node-b could not take it earlier.
    expect((second?.at ?? 0) - claimedAt).to.be.at.least(60_000);
    const stored = await f.queue.get(req.id);
    expect(stored?.status).to.equal('completed');
    expect(stored?.attempts.map((a) => a.instance)).to.deep.equal(['node-b']);
    expect(f.sim.callsTo(number)).to.have.length(1);
  });

  it('the lease is renewed as the customer is dialled, to a full lease: it outlasts their ring time even if this instance dies then', async () => {
    // The colleague takes 9 s to answer: the customer is dialled well after the claim.
    f = await startDialerFixture({ endpoints: { 'PJSIP/2001': { kind: 'answer', afterMs: 2_000 }, 'PJSIP/2002': { kind: 'answer', afterMs: 9_000 } } });
    const number = NUMBERS[2] ?? '';
    f.sim.defineCustomer(number, { kind: 'answer', afterMs: 10_000, script: CONFIRMS });
    const req = await f.capture(number);
    await f.clock.runUntil(() => f.sim.callsTo(number).length === 1, { maxMs: 120_000 });
    const dialledAt = f.sim.callsTo(number)[0]?.at ?? 0;
    const until = Date.parse((await f.queue.get(req.id))?.lease?.until ?? '');
    const dialer = f.config.config.dialer;
    if (!dialer) throw new Error('the test config has a dialer section');
    // Renewed as the dial starts (the dial itself is a moment later).
    expect(until - dialledAt).to.be.closeTo(leaseMsFor(dialer), 100);
    expect(until - dialledAt).to.be.at.least(dialer.ringSeconds * 1000);
    await f.untilReports(1, 3_600_000);
    expect(f.reports[0]?.outcome).to.equal('completed');
  });

  it('a lease the store no longer grants when the customer is to be dialled: the customer is not called', async () => {
    /** A store where this instance's lease was taken over (renewals refused). */
    class TakenOver extends MemoryCallbackQueue {
      override async renewLease(): Promise<boolean> {
        return false;
      }
    }
    f = await startDialerFixture({ queue: (clock) => new TakenOver(clock) });
    const number = NUMBERS[3] ?? '';
    f.sim.defineCustomer(number, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
    const req = await f.capture(number);
    await f.untilReports(1, 120_000);
    expect(f.reports[0]?.outcome).to.equal('stopped');
    expect(f.sim.callsTo('PJSIP/2002')).to.have.length(1);
    expect(f.sim.callsTo(number)).to.have.length(0);
    expect((await f.queue.get(req.id))?.attempts).to.deep.equal([]);
  });

  it('the lease is renewed while a long attempt goes on, so no other instance takes the request meanwhile', async () => {
    f = await startDialerFixture({ instances: ['node-a', 'node-b'], config: { dialer: { leaseSeconds: 15 } } });
    const number = NUMBERS[1] ?? '';
    // A long conversation before the confirmation would outlast the 15 s lease many times over.
    f.sim.defineCustomer(number, { kind: 'answer', afterMs: 2_000, script: [{ waitForPrompt: 'outbound-holder-keys', on: 'end' }, { wait: 3_000 }, { press: '1' }, { waitForBridge: true }, { wait: 5_000 }, { hangup: true }] });
    f.sim.defineEndpoint('PJSIP/2002', { kind: 'answer', afterMs: 12_000 });
    const req = await f.capture(number);
    await f.untilReports(1, 3_600_000);
    await f.clock.advance(120_000);
    expect(f.sim.callsTo(number)).to.have.length(1);
    expect((await f.queue.get(req.id))?.attempts).to.have.length(1);
  });
});

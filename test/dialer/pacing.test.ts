/** When the dialer may call: a free target, calling hours, and the abandon meter's pace. */
import { expect } from 'chai';
import { AbandonMeter } from '../../src/dialer/abandon-meter.js';
import type { VirtualClock } from '../../src/clock/virtual-clock.js';
import { CUSTOMER, startDialerFixture, type DialerFixture } from './support/dialer-fixture.js';
import { CONFIRMS } from './support/logs.js';
import { CLOSED_TIME, OPEN_TIME } from '../helpers/harness.js';

const HOUR = 3_600_000;

describe('dialer: when it may call', function () {
  this.timeout(30_000);
  let f: DialerFixture;
  afterEach(async () => {
    await f?.close();
  });

  it('a busy target is waited for until its device state turns free; it is INUSE during the call and NOT_INUSE after', async () => {
    f = await startDialerFixture({ endpoints: { 'PJSIP/2001': { kind: 'answer', afterMs: 2_000 }, 'PJSIP/2002': { kind: 'busy' } } });
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 2_000, script: [...CONFIRMS.slice(0, 3), { wait: 30_000 }, { hangup: true }] });
    const req = await f.capture();
    await f.clock.advance(10 * 60_000);
    expect(f.sim.callsTo('PJSIP/2002')).to.have.length(0);
    expect((await f.queue.get(req.id))?.status).to.equal('pending');
    const freedAt = f.clock.now();
    f.sim.defineEndpoint('PJSIP/2002', { kind: 'answer', afterMs: 2_000 });
    await f.clock.runUntil(() => f.sim.callsTo(CUSTOMER)[0]?.log.some((e) => e.kind === 'entered-bridge') === true, { maxMs: 120_000 });
    expect((f.sim.callsTo('PJSIP/2002')[0]?.at ?? 0) - freedAt).to.be.below(1_000);
    expect(f.sim.deviceState('PJSIP/2002')).to.equal('INUSE');
    await f.untilReports(1);
    expect(f.reports[0]?.outcome).to.equal('completed');
    expect(f.sim.deviceState('PJSIP/2002')).to.equal('NOT_INUSE');
  });

  it('a target that came free while the event socket was down is seen free after the reconnect', async () => {
    f = await startDialerFixture({ endpoints: { 'PJSIP/2001': { kind: 'answer', afterMs: 2_000 }, 'PJSIP/2002': { kind: 'busy' } } });
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
    await f.capture();
    await f.clock.advance(60_000);
    f.clients[0]?.dropConnectionForTest();
    f.sim.defineEndpoint('PJSIP/2002', { kind: 'answer', afterMs: 2_000 });
    await f.untilReports(1, 10 * 60_000);
    expect(f.reports[0]?.outcome).to.equal('completed');
  });

  it('outside calling hours nothing is dialled; the request is dialled at the next opening (in the callee time zone)', async () => {
    // Tue 23:00 Asia/Shanghai; the shipped calling hours open Wed 09:00 there (01:00 UTC, 10 h later).
    f = await startDialerFixture({ startAt: CLOSED_TIME });
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
    await f.capture();
    await f.clock.advance(9.5 * HOUR);
    expect(f.sim.callsTo('PJSIP/2002')).to.have.length(0);
    await f.untilReports(1, 2 * HOUR);
    const first = f.sim.callsTo('PJSIP/2002')[0]?.at ?? 0;
    expect(first).to.be.at.least(CLOSED_TIME + 10 * HOUR).and.below(CLOSED_TIME + 10 * HOUR + 60_000);
    expect(f.reports[0]?.outcome).to.equal('completed');
  });

  it('a retry that would fall after closing is moved to the next opening (notBefore)', async () => {
    // Tue 19:40 Asia/Shanghai; a 20-minute retry lands at closing time (20:00).
    f = await startDialerFixture({ startAt: OPEN_TIME + 9 * HOUR + 40 * 60_000, config: { dialer: { retryMinutes: [20] } } });
    f.sim.defineCustomer(CUSTOMER, { kind: 'busy' });
    const req = await f.capture();
    await f.untilReports(1);
    const stored = await f.queue.get(req.id);
    expect(stored?.status).to.equal('pending');
    expect(stored?.notBefore).to.equal(new Date(OPEN_TIME + 23 * HOUR).toISOString());
    await f.clock.advance(12 * HOUR);
    expect(f.sim.callsTo(CUSTOMER)).to.have.length(1);
  });

  it('a customer who hears nothing within 2 s of the answer is counted as abandoned', async () => {
    f = await startDialerFixture({ missingSounds: ['outbound-opening', 'outbound-why', 'outbound-holder', 'digit-1', 'digit-3', 'digit-8', 'outbound-holder-keys'] });
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 2_000, script: [{ wait: 3_000 }, { press: '1' }, { waitForBridge: true }, { wait: 1_000 }, { hangup: true }] });
    await f.capture();
    await f.untilReports(1);
    expect(f.reports[0]?.abandoned).to.equal(true);
    expect(f.dialers[0]?.meter.counts()).to.deep.equal({ answered: 1, abandoned: 1 });
  });

  it('at the abandon limit nothing is dialled; below it again, dialling resumes', async () => {
    let meter = undefined as unknown as AbandonMeter;
    f = await startDialerFixture({ meter: (clock) => (meter = new AbandonMeter(clock)) });
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
    meter.record(true);
    for (let i = 0; i < 20; i++) meter.record(false);
    await f.capture();
    await f.clock.advance(HOUR);
    expect(f.sim.callsTo('PJSIP/2002')).to.have.length(0);
    for (let i = 0; i < 40; i++) meter.record(false);
    await f.untilReports(1, HOUR);
    expect(f.reports[0]?.outcome).to.equal('completed');
  });

  it('nearing the limit, fewer calls at once and longer gaps between them', async () => {
    const meter = (clock: VirtualClock): AbandonMeter => {
      const m = new AbandonMeter(clock);
      m.record(true);
      for (let i = 0; i < 39; i++) m.record(false);
      expect(m.slowdown()).to.be.above(1).and.below(4);
      return m;
    };
    f = await startDialerFixture({ meter });
    const other = '13987654321';
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
    f.sim.defineCustomer(other, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
    await f.capture(CUSTOMER, 'service-desk');
    await f.capture(other, 'sales');
    await f.untilReports(2, HOUR);
    const [a, b] = [f.sim.callsTo(CUSTOMER)[0], f.sim.callsTo(other)[0]];
    const firstEnd = Math.min(a?.log.at(-1)?.at ?? 0, b?.log.at(-1)?.at ?? 0);
    const secondStart = Math.max(a?.at ?? 0, b?.at ?? 0);
    // One call at a time: the second customer was dialled only after the first call was over.
    expect(secondStart).to.be.above(firstEnd);
  });

  it('without slow-down, the two targets are called at the same time', async () => {
    f = await startDialerFixture();
    const other = '13987654321';
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
    f.sim.defineCustomer(other, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
    await f.capture(CUSTOMER, 'service-desk');
    await f.capture(other, 'sales');
    await f.untilReports(2, HOUR);
    const starts = [f.sim.callsTo('PJSIP/2001')[0]?.at ?? 0, f.sim.callsTo('PJSIP/2002')[0]?.at ?? 0];
    expect(Math.abs((starts[0] ?? 0) - (starts[1] ?? 0))).to.be.below(1_000);
  });
});

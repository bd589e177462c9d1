/** When the dialer may call: a free target, calling hours, and the abandon meter's pace. */
import { expect } from 'chai';
import { AbandonMeter } from '../../src/dialer/abandon-meter.js';
import type { VirtualClock } from '../../src/clock/virtual-clock.js';
import { CUSTOMER, startDialerFixture, type DialerFixture } from './support/dialer-fixture.js';
import { CONFIRMS } from './support/logs.js';
import { CLOSED_TIME, OPEN_TIME } from '../helpers/harness.js';
import { sleep } from '../../src/clock/clock.js';
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';

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

  it('a request claimed after closing (a slow store) is given back until the next opening: no dial, no attempt, no holder (New York hours)', async () => {
    // Mon 19:50 in New York (Tue 00:50 UTC): inside the calling hours, 10 min before they close.
    const startAt = Date.UTC(2026, 10, 24, 0, 50);
    let slowClaim = true;
    /** A store whose claim, once a request waits, takes 15 min (a lock wait, a reconnect): it returns after closing. */
    class SlowClaimQueue extends MemoryCallbackQueue {
      constructor(private readonly clk: VirtualClock) {
        super(clk);
      }
      override async claim(o: Parameters<MemoryCallbackQueue['claim']>[0]): ReturnType<MemoryCallbackQueue['claim']> {
        if (slowClaim && (await this.list({ status: ['pending'], ...(o.targets[0] ? { target: o.targets[0] } : {}) })).length > 0) {
          slowClaim = false;
          await sleep(this.clk, 15 * 60_000);
        }
        return super.claim(o);
      }
    }
    const weekday = ['09:00-20:00'];
    f = await startDialerFixture({
      startAt,
      queue: (clock) => new SlowClaimQueue(clock),
      config: { dialer: { callingHours: { timezone: 'America/New_York', weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday } } } },
    });
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
    const req = await f.capture();
    // The claim returns at 20:05 New York time, after closing.
    await f.clock.runUntil(() => !slowClaim, { maxMs: 60_000 });
    await f.clock.advance(15 * 60_000 + 1_000);
    // Tue 09:00 in New York is 14:00 UTC.
    const opening = Date.UTC(2026, 10, 24, 14, 0);
    const back = await f.queue.get(req.id);
    expect(back).to.include({ status: 'pending', notBefore: new Date(opening).toISOString() });
    expect(back?.lease).to.equal(undefined);
    expect(back?.attempts).to.deep.equal([]);
    await f.clock.advance(opening - f.clock.now() - 1_000);
    expect(f.sim.callsTo('PJSIP/2002')).to.have.length(0);
    expect(f.sim.callsTo(CUSTOMER)).to.have.length(0);
    expect(f.reports).to.have.length(0);
    await f.untilReports(1, HOUR);
    expect(f.sim.callsTo('PJSIP/2002')[0]?.at ?? 0).to.be.at.least(opening).and.below(opening + 60_000);
    expect(f.reports[0]?.outcome).to.equal('completed');
    const done = await f.queue.get(req.id);
    expect(done?.attempts.map((a) => a.outcome)).to.deep.equal(['completed']);
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
    // 2 of 42 answered calls abandoned (4.8 %): enough calls for the share to pause the dialer.
    for (let i = 0; i < 2; i++) meter.record(true);
    for (let i = 0; i < 40; i++) meter.record(false);
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

  it('nearing the limit, a worker waits the poll interval times the slow-down before its next call; without it, at once', async () => {
    const gapAfterFirst = async (abandoned: number): Promise<number> => {
      const meter = (clock: VirtualClock): AbandonMeter => {
        const m = new AbandonMeter(clock);
        for (let i = 0; i < abandoned; i++) m.record(true);
        for (let i = 0; i < 39; i++) m.record(false);
        return m;
      };
      f = await startDialerFixture({ meter });
      const other = '13987654321';
      f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
      f.sim.defineCustomer(other, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
      // Both for the same colleague: one worker, one call after the other.
      await f.capture(CUSTOMER, 'service-desk');
      await f.capture(other, 'service-desk');
      await f.untilReports(2, HOUR);
      const [first, second] = f.sim.callsTo('PJSIP/2002');
      const gap = (second?.at ?? 0) - (first?.log.at(-1)?.at ?? Infinity);
      await f.close();
      return gap;
    };
    // 1 of 41 answered abandoned after the first call (2.4 %): slow-down 2.3, so about 35 s after a 15 s poll.
    expect(await gapAfterFirst(1)).to.be.at.least(30_000);
    expect(await gapAfterFirst(0)).to.be.below(5_000);
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

/** Customers who cannot be reached: busy, no answer (only after >= 15 s of ringing), a machine; retries spaced, then failed. */
import { expect } from 'chai';
import { CUSTOMER, startDialerFixture, type DialerFixture } from './support/dialer-fixture.js';
import { promptsHeard, timeOf } from './support/logs.js';
import { testConfig } from '../helpers/harness.js';

describe('dialer: retries', function () {
  this.timeout(30_000);
  let f: DialerFixture;
  afterEach(async () => {
    await f?.close();
  });

  it('a busy customer is tried again after retryMinutes, then the request fails after maxAttempts; the colleague is told each time', async () => {
    f = await startDialerFixture({ config: { dialer: { retryMinutes: [10, 30], maxAttempts: 3 } } });
    f.sim.defineCustomer(CUSTOMER, { kind: 'busy' });
    const req = await f.capture();
    await f.untilReports(3, 3 * 3_600_000);
    expect(f.reports.map((r) => r.outcome)).to.deep.equal(['customer-busy', 'customer-busy', 'customer-busy']);
    expect(f.reports.map((r) => r.next?.status)).to.deep.equal(['pending', 'pending', 'failed']);
    const stored = await f.queue.get(req.id);
    expect(stored?.status).to.equal('failed');
    expect(stored?.closedReason).to.match(/customer-busy on attempt 3 of 3/);
    const at = (stored?.attempts ?? []).map((a) => Date.parse(a.at));
    expect(at).to.have.length(3);
    expect((at[1] ?? 0) - (at[0] ?? 0)).to.be.at.least(10 * 60_000).and.below(11 * 60_000);
    expect((at[2] ?? 0) - (at[1] ?? 0)).to.be.at.least(30 * 60_000).and.below(32 * 60_000);
    const told = f.sim.callsTo('PJSIP/2002').map((c) => promptsHeard(c.log).slice(-2));
    expect(told).to.deep.equal([
      ['colleague-customer-busy', 'colleague-retry-later'],
      ['colleague-customer-busy', 'colleague-retry-later'],
      ['colleague-customer-busy', 'colleague-request-closed'],
    ]);
    // Told before their leg was hung up (by us, after the report).
    for (const c of f.sim.callsTo('PJSIP/2002')) {
      const end = c.log.filter((e) => e.kind === 'playback-finished').at(-1)?.t ?? Infinity;
      expect(timeOf(c.log, 'hangup')).to.be.at.least(end);
    }
    // Final: nothing more is dialled.
    await f.clock.advance(3 * 3_600_000);
    expect(f.sim.callsTo(CUSTOMER)).to.have.length(3);
  });

  it('no answer is given up only after ringing for at least 15 s', async () => {
    f = await startDialerFixture({ config: { dialer: { ringSeconds: 15 } } });
    f.sim.defineCustomer(CUSTOMER, { kind: 'noanswer' });
    await f.capture();
    await f.untilReports(1);
    expect(f.reports[0]?.outcome).to.equal('customer-no-answer');
    const [call] = f.sim.callsTo(CUSTOMER);
    expect(timeOf(call?.log ?? [], 'hangup')).to.be.at.least(15_000);
    const result = f.reports[0]?.customer.find((e) => e.kind === 'dial-result');
    expect(result?.['ringMs']).to.be.at.least(15_000);
    expect(promptsHeard(f.sim.callsTo('PJSIP/2002')[0]?.log ?? []).slice(-2)).to.deep.equal(['colleague-customer-no-answer', 'colleague-retry-later']);
  });

  it('a ring time under 15 s is refused by the config schema', () => {
    expect(() => testConfig({ dialer: { enabled: true, callerId: 'x', ringSeconds: 10 } })).to.throw(/at least 15 s/);
  });

  it('an answering machine (talking without a pause from the answer) is hung up and tried again later; it is not counted as abandoned', async () => {
    f = await startDialerFixture();
    f.sim.defineCustomer(CUSTOMER, { kind: 'machine', afterMs: 3_000, speechMs: 20_000 });
    const req = await f.capture();
    await f.untilReports(1);
    expect(f.reports[0]?.outcome).to.equal('machine');
    expect(f.reports[0]?.next?.status).to.equal('pending');
    const [call] = f.sim.callsTo(CUSTOMER);
    const answered = timeOf(call?.log ?? [], 'answered') ?? 0;
    // The opening still started at once (a person would have heard it), and the machine was left after about 4 s of talk.
    expect((timeOf(call?.log ?? [], 'playback-started') ?? Infinity) - answered).to.be.at.most(2_000);
    expect((timeOf(call?.log ?? [], 'hangup') ?? 0) - answered).to.be.within(4_000, 6_000);
    expect(f.dialers[0]?.meter.counts().answered).to.equal(0);
    expect((await f.queue.get(req.id))?.status).to.equal('pending');
    expect(promptsHeard(f.sim.callsTo('PJSIP/2002')[0]?.log ?? []).slice(-2)).to.deep.equal(['colleague-machine', 'colleague-retry-later']);
  });

  it('a person who says "hello?" is not taken for a machine', async () => {
    f = await startDialerFixture();
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 3_000, script: [{ wait: 300 }, { speak: 1_200 }, { waitForPrompt: 'outbound-holder-keys', on: 'end' }, { press: '1' }, { waitForBridge: true }, { wait: 2_000 }, { hangup: true }] });
    await f.capture();
    await f.untilReports(1);
    expect(f.reports[0]?.outcome, f.reports[0]?.reason).to.equal('completed');
  });
});

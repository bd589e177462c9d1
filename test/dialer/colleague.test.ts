/** The colleague's side: not answering, leaving while the customer rings; neither counts against the customer's attempts. */
import { expect } from 'chai';
import { CUSTOMER, startDialerFixture, type DialerFixture } from './support/dialer-fixture.js';
import { CONFIRMS, timeOf } from './support/logs.js';

describe("dialer: the colleague's side", function () {
  this.timeout(30_000);
  let f: DialerFixture;
  afterEach(async () => {
    await f?.close();
  });

  it('a colleague who does not answer: the customer is not called, and it is tried again without using up an attempt', async () => {
    f = await startDialerFixture({ config: { dialer: { maxAttempts: 1, targetRetryMinutes: 2 } }, endpoints: { 'PJSIP/2001': { kind: 'answer' }, 'PJSIP/2002': { kind: 'noanswer' } } });
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
    const req = await f.capture();
    await f.untilReports(1);
    expect(f.reports[0]?.outcome).to.equal('target-no-answer');
    expect(f.sim.callsTo(CUSTOMER)).to.have.length(0);
    f.sim.defineEndpoint('PJSIP/2002', { kind: 'answer', afterMs: 2_000 });
    await f.untilReports(2);
    expect(f.reports[1]?.outcome).to.equal('completed');
    const stored = await f.queue.get(req.id);
    expect(stored?.status).to.equal('completed');
    expect(Date.parse(stored?.attempts[1]?.at ?? '') - Date.parse(stored?.attempts[0]?.at ?? '')).to.be.at.least(2 * 60_000);
  });

  it('a colleague who hangs up while the customer rings: the customer leg is dropped before it is answered', async () => {
    f = await startDialerFixture({ endpoints: { 'PJSIP/2001': { kind: 'answer' }, 'PJSIP/2002': { kind: 'answer', afterMs: 1_000, hangupAfterMs: 20_000 } } });
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 60_000, script: CONFIRMS });
    const req = await f.capture();
    await f.untilReports(1);
    expect(f.reports[0]?.outcome).to.equal('target-no-answer');
    expect(f.reports[0]?.reason).to.match(/while the customer rang/);
    const [call] = f.sim.callsTo(CUSTOMER);
    expect(timeOf(call?.log ?? [], 'answered')).to.equal(undefined);
    expect(timeOf(call?.log ?? [], 'hangup')).to.not.equal(undefined);
    expect((await f.queue.get(req.id))?.status).to.equal('pending');
  });
});

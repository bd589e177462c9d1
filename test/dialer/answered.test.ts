/** A customer who answers: opening at once, the right-person check, then the colleague (dialer over the simulator). */
import { expect } from 'chai';
import { CUSTOMER, startDialerFixture, type DialerFixture } from './support/dialer-fixture.js';
import type { CallerLogEntry } from '../../src/sim/index.js';

const started = (log: CallerLogEntry[]): string[] =>
  log.filter((e) => e.kind === 'playback-started').map((e) => ('media' in e ? e.media.replace('sound:hotline/', '') : ''));

describe('dialer: the customer answers', function () {
  this.timeout(20_000);
  let f: DialerFixture;
  afterEach(async () => {
    await f?.close();
  });

  it('whispers to the colleague, dials the customer with our caller ID, opens within 2 s, checks the right person, bridges, completed', async () => {
    f = await startDialerFixture();
    f.sim.defineCustomer(CUSTOMER, {
      kind: 'answer',
      afterMs: 6_000,
      script: [{ waitForPrompt: 'outbound-holder-keys', on: 'end' }, { press: '1' }, { waitForBridge: true }, { wait: 20_000 }, { hangup: true }],
    });
    const req = await f.capture();
    await f.untilReports(1);
    const [report] = f.reports;
    expect(report?.outcome, report?.reason).to.equal('completed');
    expect((await f.queue.get(req.id))?.status).to.equal('completed');
    const [colleague] = f.sim.callsTo('PJSIP/2002');
    const [customer] = f.sim.callsTo(CUSTOMER);
    expect(customer?.callerId).to.deep.equal({ name: 'Hotline', number: '4001234567' });
    // Target first: the whisper was heard before the customer was called.
    const whisper = started(colleague?.log ?? []);
    expect(whisper.slice(0, 4)).to.deep.equal(['whisper-callback', 'whisper-waiting', 'digit-0', 'whisper-minutes']);
    const whisperEnd = colleague?.log.filter((e) => e.kind === 'playback-finished').at(-1)?.at ?? 0;
    expect(customer?.at).to.be.at.least(whisperEnd);
    // The opening starts within 2 s of the answer, then the check with 1 3 8.
    const log = customer?.log ?? [];
    const answered = log.find((e) => e.kind === 'answered')?.t ?? -1;
    const first = log.find((e) => e.kind === 'playback-started')?.t ?? Infinity;
    expect(first - answered).to.be.at.most(2_000);
    expect(started(log).slice(0, 7)).to.deep.equal(['outbound-opening', 'outbound-why', 'outbound-holder', 'digit-1', 'digit-3', 'digit-8', 'outbound-holder-keys']);
    expect(log.some((e) => e.kind === 'entered-bridge')).to.equal(true);
    expect(report?.abandoned).to.equal(false);
    expect(f.dialers[0]?.meter.counts()).to.deep.equal({ answered: 1, abandoned: 0 });
    expect(report?.customer.some((e) => e.kind === 'bridged')).to.equal(true);
    expect(report?.colleague.some((e) => e.kind === 'whisper')).to.equal(true);
  });
});

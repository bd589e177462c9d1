/** A customer who answers: opening at once, the right-person check, then the colleague (dialer over the simulator). */
import { expect } from 'chai';
import { CUSTOMER, startDialerFixture, type DialerFixture } from './support/dialer-fixture.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CONFIRMS, promptAt, promptsHeard, timeOf } from './support/logs.js';

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
    const whisper = promptsHeard(colleague?.log ?? []);
    // Dialled at once: under a minute reads "one minute".
    expect(whisper.slice(0, 4)).to.deep.equal(['whisper-callback', 'whisper-waiting', 'digit-1', 'duration-minute']);
    const whisperEnd = colleague?.log.filter((e) => e.kind === 'playback-finished').at(-1)?.at ?? 0;
    expect(customer?.at).to.be.at.least(whisperEnd);
    // The colleague hears ringing while the customer's phone rings, never dead air.
    const ringing = colleague?.log.find((e) => e.kind === 'ringing-started')?.at ?? Infinity;
    expect(ringing).to.be.within(whisperEnd, customer?.at ?? 0);
    // The opening starts within 2 s of the answer, then the check with 1 3 8.
    const log = customer?.log ?? [];
    const answered = log.find((e) => e.kind === 'answered')?.t ?? -1;
    const first = log.find((e) => e.kind === 'playback-started')?.t ?? Infinity;
    expect(first - answered).to.be.at.most(2_000);
    expect(promptsHeard(log).slice(0, 7)).to.deep.equal(['outbound-opening', 'outbound-why', 'outbound-holder', 'digit-1', 'digit-3', 'digit-8', 'outbound-holder-keys']);
    expect(log.some((e) => e.kind === 'entered-bridge')).to.equal(true);
    expect(report?.abandoned).to.equal(false);
    expect(f.dialers[0]?.meter.counts()).to.deep.equal({ answered: 1, abandoned: 0 });
    expect(report?.customer.some((e) => e.kind === 'bridged')).to.equal(true);
    expect(report?.colleague.some((e) => e.kind === 'whisper')).to.equal(true);
  });
});

describe('dialer: what the customer says', function () {
  this.timeout(20_000);
  let f: DialerFixture;
  afterEach(async () => {
    await f?.close();
  });

  it('a silent customer gets the outbound silent line: "hello, can you hear me?", about 3 s later "your call is connected...", then the close and the failed-call grace', async () => {
    f = await startDialerFixture();
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 3_000, script: [] });
    const req = await f.capture();
    await f.untilReports(1);
    expect(f.reports[0]?.outcome).to.equal('customer-silent');
    expect(f.reports[0]?.next?.status).to.equal('pending');
    expect((await f.queue.get(req.id))?.status).to.equal('pending');
    const log = f.sim.callsTo(CUSTOMER)[0]?.log ?? [];
    const heard = promptsHeard(log);
    expect(heard.slice(-3)).to.deep.equal(['outbound-hello', 'outbound-connected', 'outbound-no-sound-close']);
    const keysEnd = promptAt(log, 'outbound-holder-keys', 'end') ?? 0;
    const helloStart = promptAt(log, 'outbound-hello') ?? 0;
    const helloEnd = promptAt(log, 'outbound-hello', 'end') ?? 0;
    const connectedStart = promptAt(log, 'outbound-connected') ?? 0;
    const connectedEnd = promptAt(log, 'outbound-connected', 'end') ?? 0;
    const closeStart = promptAt(log, 'outbound-no-sound-close') ?? 0;
    const closeEnd = promptAt(log, 'outbound-no-sound-close', 'end') ?? 0;
    expect(helloStart - keysEnd).to.equal(5_000);
    expect(connectedStart - helloEnd).to.equal(3_000);
    expect(closeStart - connectedEnd).to.equal(3_000);
    expect((timeOf(log, 'hangup') ?? 0) - closeEnd).to.equal(5_000);
    expect(promptsHeard(f.sim.callsTo('PJSIP/2002')[0]?.log ?? []).slice(-2)).to.deep.equal(['colleague-customer-silent', 'colleague-retry-later']);
  });

  it('a customer who answers "hello?" to the silent line is asked again, and can confirm', async () => {
    f = await startDialerFixture();
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 3_000, script: [{ waitForPrompt: 'outbound-hello', on: 'end' }, { speak: 800 }, { waitForPrompt: 'outbound-holder-keys', on: 'end' }, { press: '1' }, { waitForBridge: true }, { wait: 1_000 }, { hangup: true }] });
    await f.capture();
    await f.untilReports(1);
    expect(f.reports[0]?.outcome, f.reports[0]?.reason).to.equal('completed');
  });

  it('the wrong person (key 2): a polite goodbye, the request fails without a retry, the colleague is told', async () => {
    f = await startDialerFixture();
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 3_000, script: [{ waitForPrompt: 'outbound-holder-keys' }, { press: '2' }] });
    const req = await f.capture();
    await f.untilReports(1);
    expect(f.reports[0]?.outcome).to.equal('wrong-person');
    const stored = await f.queue.get(req.id);
    expect(stored?.status).to.equal('failed');
    expect(promptsHeard(f.sim.callsTo(CUSTOMER)[0]?.log ?? []).at(-1)).to.equal('outbound-wrong-person');
    expect(promptsHeard(f.sim.callsTo('PJSIP/2002')[0]?.log ?? []).slice(-2)).to.deep.equal(['colleague-wrong-person', 'colleague-request-closed']);
    await f.clock.advance(3 * 3_600_000);
    expect(f.sim.callsTo(CUSTOMER)).to.have.length(1);
  });

  it('never again (key 9): added to the do-not-call list, cancelled, a goodbye; a later request for the number is never dialled', async () => {
    f = await startDialerFixture();
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 3_000, script: [{ waitForPrompt: 'outbound-holder-keys' }, { press: '9' }] });
    const req = await f.capture();
    await f.untilReports(1);
    expect(f.reports[0]?.outcome).to.equal('refused');
    expect((await f.queue.get(req.id))?.status).to.equal('cancelled');
    expect(await f.queue.isDoNotCall(CUSTOMER)).to.equal(true);
    expect(promptsHeard(f.sim.callsTo(CUSTOMER)[0]?.log ?? []).at(-1)).to.equal('outbound-never-again');
    expect(promptsHeard(f.sim.callsTo('PJSIP/2002')[0]?.log ?? []).slice(-2)).to.deep.equal(['colleague-refused', 'colleague-request-closed']);
    const again = await f.capture(CUSTOMER, 'sales');
    await f.clock.advance(3_600_000);
    expect((await f.queue.get(again.id))?.status).to.equal('cancelled');
    expect(f.sim.callsTo(CUSTOMER)).to.have.length(1);
    expect(f.sim.callsTo('PJSIP/2001')).to.have.length(0);
  });

  it('never again, with the do-not-call list failing to store: the request is still cancelled, never retried', async () => {
    f = await startDialerFixture();
    f.queue.addDoNotCall = () => Promise.reject(new Error('disk full'));
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 3_000, script: [{ waitForPrompt: 'outbound-holder-keys' }, { press: '9' }] });
    const req = await f.capture();
    await f.untilReports(1);
    expect(f.reports[0]?.outcome).to.equal('refused');
    expect((await f.queue.get(req.id))?.status).to.equal('cancelled');
  });

  it('a number on the do-not-call file is never dialled (nor is its colleague called)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dnc-'));
    const file = path.join(dir, 'do-not-call.txt');
    writeFileSync(file, `# numbers that asked not to be called\n13900000000\n${CUSTOMER}  # asked by letter\n`);
    f = await startDialerFixture({ config: { dialer: { doNotCallFile: file } } });
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 1_000, script: CONFIRMS });
    const req = await f.capture();
    await f.clock.advance(3_600_000);
    const stored = await f.queue.get(req.id);
    expect(stored?.status).to.equal('cancelled');
    expect(stored?.closedReason).to.match(/do-not-call file/);
    expect(stored?.attempts).to.deep.equal([]);
    expect(f.sim.callsTo(CUSTOMER)).to.have.length(0);
    expect(f.sim.callsTo('PJSIP/2002')).to.have.length(0);
  });

  it('a stored number that is not digits only never reaches a dial string', async () => {
    f = await startDialerFixture();
    // The store refuses such a number now; a row written before it did (or by hand) still must not be dialled.
    const refused = await f.capture('138@evil/PJSIP/9').then(() => 'stored', (e: Error) => e.message);
    expect(refused).to.match(/refused/);
    const req = await f.capture('13800000009');
    const rows = (f.queue as unknown as { rows: Map<string, { number: string }> }).rows;
    const row = rows.get(req.id);
    if (!row) throw new Error('the memory queue keeps its rows in `rows`');
    row.number = '138@evil/PJSIP/9';
    await f.clock.advance(600_000);
    expect((await f.queue.get(req.id))?.status).to.equal('cancelled');
    expect(f.sim.callsTo('PJSIP/2002')).to.have.length(0);
  });
});

describe('dialer: a customer who does not confirm', function () {
  this.timeout(20_000);
  let f: DialerFixture;
  afterEach(async () => {
    await f?.close();
  });

  it('only wrong keys: apologies, then "we will call you again", and a retry', async () => {
    f = await startDialerFixture();
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 2_000, script: [{ waitForPrompt: 'outbound-holder-keys', on: 'end' }, { press: '5' }, { waitForPrompt: 'outbound-holder-keys', on: 'end' }, { press: '6' }, { waitForPrompt: 'outbound-holder-keys', on: 'end' }, { press: '7' }] });
    await f.capture();
    await f.untilReports(1);
    expect(f.reports[0]?.outcome).to.equal('failed');
    expect(f.reports[0]?.next?.status).to.equal('pending');
    const heard = promptsHeard(f.sim.callsTo(CUSTOMER)[0]?.log ?? []);
    expect(heard.filter((p) => p === 'sorry-not-understood')).to.have.length(3);
    expect(heard.at(-1)).to.equal('outbound-call-later');
    expect(promptsHeard(f.sim.callsTo('PJSIP/2002')[0]?.log ?? []).slice(-2)).to.deep.equal(['colleague-not-confirmed', 'colleague-retry-later']);
  });

  it('a customer who hangs up during the opening: recorded as failed and tried again', async () => {
    f = await startDialerFixture();
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 2_000, script: [{ wait: 1_500 }, { hangup: true }] });
    const req = await f.capture();
    await f.untilReports(1);
    expect(f.reports[0]?.outcome).to.equal('failed');
    expect(f.reports[0]?.reason).to.match(/hung up during the opening/);
    expect((await f.queue.get(req.id))?.status).to.equal('pending');
    expect(f.dialers[0]?.meter.counts()).to.deep.equal({ answered: 1, abandoned: 0 });
  });
});

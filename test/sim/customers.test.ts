/** Outbound customers (defineCustomer): reached over the trunk by number, shown our caller ID, scripted after they answer. */
import { expect } from 'chai';
import { startSim, type SimFixture } from './support/sim-fixture.js';

describe('sim: outbound customers', function () {
  this.timeout(10_000);
  let f: SimFixture;

  beforeEach(async () => {
    f = await startSim();
  });
  afterEach(async () => {
    await f.close();
  });

  /** Creates a leg to the customer over the trunk with our caller ID, then dials it. */
  async function dialCustomer(number: string, id: string): Promise<void> {
    const endpoint = encodeURIComponent(`PJSIP/${number}@trunk`);
    const reply = await f.http.request('POST', `/channels/create?endpoint=${endpoint}&app=hotline&appArgs=dialed&channelId=${id}`, {
      variables: { 'CALLERID(num)': '4001234567', 'CALLERID(name)': 'Hotline' },
    });
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    await f.runUntil(() => f.events.has('StasisStart', id));
    await f.http.request('POST', `/channels/${id}/dial?timeout=20`);
  }

  it('answers after a delay, is shown our caller ID, and runs its script from the answer', async () => {
    f.sim.defineCustomer('13800138000', { kind: 'answer', afterMs: 4_000, script: [{ wait: 500 }, { press: '1' }] });
    await dialCustomer('13800138000', 'cust-1');
    await f.runUntil(() => f.events.ofType('ChannelDtmfReceived', 'cust-1').length === 1);
    const [call] = f.sim.callsTo('13800138000');
    expect(call?.callerId).to.deep.equal({ name: 'Hotline', number: '4001234567' });
    const answered = call?.log.find((e) => e.kind === 'answered');
    const key = call?.log.find((e) => e.kind === 'key');
    expect(answered?.t).to.equal(4_000);
    expect(key?.t).to.equal(4_600);
  });

  it('a machine talks from the answer on without a pause', async () => {
    f.sim.defineCustomer('13900139000', { kind: 'machine', afterMs: 2_000, speechMs: 12_000 });
    await dialCustomer('13900139000', 'cust-2');
    await f.runUntil(() => f.events.has('Dial', 'cust-2') && f.sim.callsTo('13900139000')[0]?.log.some((e) => e.kind === 'speech') === true);
    await f.http.request('POST', '/channels/cust-2/variable?variable=TALK_DETECT(set)&value=');
    await f.runUntil(() => f.events.has('ChannelTalkingFinished', 'cust-2'), 30_000);
    const started = f.events.ofType('ChannelTalkingStarted', 'cust-2');
    expect(started).to.have.length(1);
  });

  it('busy and no-answer customers end the way phones do, and each dial is counted', async () => {
    f.sim.defineCustomer('13700137000', { kind: 'busy' });
    await dialCustomer('13700137000', 'cust-3');
    await f.runUntil(() => f.events.has('ChannelDestroyed', 'cust-3'));
    expect(f.events.ofType('ChannelDestroyed', 'cust-3')[0]?.cause).to.equal(17);
    f.sim.defineCustomer('13600136000', { kind: 'noanswer' });
    await dialCustomer('13600136000', 'cust-4');
    await f.runUntil(() => f.events.has('ChannelDestroyed', 'cust-4'), 60_000);
    expect(f.events.ofType('ChannelDestroyed', 'cust-4')[0]?.cause).to.equal(19);
    expect(f.sim.callsTo('13700137000')).to.have.length(1);
    expect(f.sim.callsTo('13600136000')).to.have.length(1);
    expect(f.sim.callsTo('13500135000')).to.have.length(0);
  });
});

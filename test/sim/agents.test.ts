/** Simulated agent phones (defineEndpoint) dialed through POST /channels/create + /dial. */
import { expect } from 'chai';
import { parseAriTime } from './support/event-recorder.js';
import { startSim, type SimFixture } from './support/sim-fixture.js';

const at = (e: Record<string, unknown> | undefined): number => parseAriTime(String(e?.timestamp));

describe('sim: agent endpoints', function () {
  this.timeout(10_000);
  let f: SimFixture;
  let callerId: string;

  beforeEach(async () => {
    f = await startSim();
    const call = f.sim.placeCall({ app: 'hotline', from: '13700000007', fromName: 'Caller', language: 'zh_CN', script: [] });
    callerId = call.id;
    await f.runUntil(() => f.events.has('StasisStart', call.id));
    await f.http.request('POST', `/channels/${call.id}/answer`);
  });
  afterEach(async () => {
    await f.close();
  });

  /** Creates agent-1 on the endpoint and waits for its StasisStart. */
  async function createAgent(endpoint: string): Promise<number> {
    const reply = await f.http.request('POST', `/channels/create?endpoint=${encodeURIComponent(endpoint)}&app=hotline&appArgs=agent&channelId=agent-1`);
    expect(reply.status, JSON.stringify(reply.body)).to.equal(200);
    expect(reply.body).to.deep.include({ state: 'Down' });
    return f.runUntil(() => f.events.has('StasisStart', 'agent-1'));
  }

  it('answers after a delay: Dial "", Ringing, RINGING, then Up and ANSWER', async () => {
    f.sim.defineEndpoint('PJSIP/2001', { kind: 'answer', afterMs: 2000 });
    await createAgent('PJSIP/2001');
    const start = f.events.ofType('StasisStart', 'agent-1')[0];
    expect(start?.args).to.deep.equal(['agent']);
    expect((start?.channel as { name: string }).name).to.match(/^PJSIP\/2001-[0-9a-f]{8}$/);
    await f.http.request('POST', `/channels/agent-1/dial?caller=${callerId}&timeout=30`);
    await f.runUntil(() => f.events.ofType('Dial', 'agent-1').length === 3);
    const seq = f.events.events
      .filter((e) => (e.channel as { id?: string } | undefined)?.id === 'agent-1' || (e.peer as { id?: string } | undefined)?.id === 'agent-1')
      .map((e) => (e.type === 'Dial' ? `Dial ${String(e.dialstatus)} ${String(e.dialstring)}` : e.type === 'ChannelStateChange' ? `State ${(e.channel as { state: string }).state}` : e.type));
    expect(seq).to.deep.equal([
      'ChannelDialplan',
      'ChannelVarset',
      'StasisStart',
      'Dial  2001',
      'State Ringing',
      'Dial RINGING ',
      'State Up',
      'Dial ANSWER ',
    ]);
    const dials = f.events.ofType('Dial', 'agent-1');
    expect(at(dials[2]) - at(dials[0])).to.equal(2000);
    // Dial copies the caller's id to the agent's connected line, and its language.
    expect((dials[2]?.peer as Record<string, unknown>).connected).to.deep.equal({ name: 'Caller', number: '13700000007' });
    expect((dials[2]?.peer as Record<string, unknown>).language).to.equal('zh_CN');
  });

  it('an agent that hangs up by itself ends with cause 16 after hangupAfterMs', async () => {
    f.sim.defineEndpoint('PJSIP/2001', { kind: 'answer', hangupAfterMs: 5000 });
    await createAgent('PJSIP/2001');
    await f.http.request('POST', '/channels/agent-1/dial?timeout=10');
    const destroyedAt = await f.runUntil(() => f.events.has('ChannelDestroyed', 'agent-1'));
    const answer = f.events.ofType('Dial', 'agent-1').find((e) => e.dialstatus === 'ANSWER');
    expect(destroyedAt - at(answer)).to.equal(5000);
    expect(f.events.ofType('ChannelHangupRequest', 'agent-1')[0]).to.include({ cause: 16 });
    expect(f.events.ofType('ChannelDestroyed', 'agent-1')[0]).to.include({ cause: 16, cause_txt: 'Normal Clearing' });
  });

  it('a busy agent reports BUSY and is gone at once with cause 17', async () => {
    f.sim.defineEndpoint('PJSIP/2002', { kind: 'busy' });
    await createAgent('PJSIP/2002');
    await f.http.request('POST', '/channels/agent-1/dial?timeout=10');
    await f.runUntil(() => f.events.has('ChannelDestroyed', 'agent-1'));
    expect(f.events.ofType('Dial', 'agent-1').map((e) => e.dialstatus)).to.deep.equal(['', 'BUSY']);
    expect(f.events.ofType('ChannelDestroyed', 'agent-1')[0]).to.include({ cause: 17, cause_txt: 'User busy' });
    expect(f.events.ofType('StasisEnd', 'agent-1')).to.have.length(1);
  });

  it('an unanswered agent rings until the dial timeout, then goes with cause 19 (and forever without one)', async () => {
    f.sim.defineEndpoint('PJSIP/2003', { kind: 'noanswer' });
    await createAgent('PJSIP/2003');
    await f.http.request('POST', '/channels/agent-1/dial?timeout=4');
    const ringing = await f.runUntil(() => f.events.ofType('Dial', 'agent-1').some((e) => e.dialstatus === 'RINGING'));
    const gone = await f.runUntil(() => f.events.has('ChannelDestroyed', 'agent-1'));
    expect(gone - ringing).to.equal(4000);
    expect(f.events.ofType('ChannelHangupRequest', 'agent-1')[0]).to.include({ cause: 32, soft: true });
    expect(f.events.ofType('ChannelDestroyed', 'agent-1')[0]).to.include({ cause: 19, cause_txt: 'User alerting, no answer' });
    const again = await f.http.request('POST', '/channels/create?endpoint=PJSIP/2003&app=hotline&channelId=agent-2');
    expect(again.status).to.equal(200);
    await f.runUntil(() => f.events.has('StasisStart', 'agent-2'));
    await f.http.request('POST', '/channels/agent-2/dial');
    await f.clock.advance(600_000);
    expect(f.sim.channels().find((c) => c.id === 'agent-2')).to.include({ state: 'Ringing' });
  });

  it('an undefined or unavailable endpoint cannot be created; behaviours can change at any time', async () => {
    const undefinedEp = await f.http.request('POST', '/channels/create?endpoint=PJSIP/2999&app=hotline');
    expect(undefinedEp).to.deep.include({ status: 500, body: { error: 'Allocation failed' } });
    f.sim.defineEndpoint('PJSIP/2004', { kind: 'unavailable' });
    expect(await f.http.request('POST', '/channels/create?endpoint=PJSIP/2004&app=hotline')).to.deep.include({ status: 500, body: { error: 'Allocation failed' } });
    f.sim.defineEndpoint('PJSIP/2004', { kind: 'answer' });
    await createAgent('PJSIP/2004');
    // Goes unavailable between create and dial: the call attempt fails and the channel is hung up.
    f.sim.defineEndpoint('PJSIP/2004', { kind: 'unavailable' });
    await f.http.request('POST', '/channels/agent-1/dial');
    await f.runUntil(() => f.events.has('ChannelDestroyed', 'agent-1'));
    expect(f.events.ofType('Dial', 'agent-1').map((e) => e.dialstatus)).to.deep.equal(['']);
  });

  it('answers 500 {"error":"Allocation failed"} for unreachable phones of every known technology, from the first request on', async () => {
    f.sim.defineEndpoint('SIP/2005', { kind: 'unavailable' });
    f.sim.defineEndpoint('DAHDI/g1/2006', { kind: 'unavailable' });
    const endpoints = ['PJSIP/2999', 'SIP/2005', 'IAX2/2998', 'DAHDI/g1/2006', 'PJSIP/2997@trunk'];
    const before = f.events.events.length;
    for (const endpoint of endpoints) {
      for (const route of ['/channels', '/channels/create']) {
        const reply = await f.http.request('POST', `${route}?endpoint=${encodeURIComponent(endpoint)}&app=hotline`);
        // The key is "error", not "message" (ast_ari_response_alloc_failed).
        expect(reply, `${route} ${endpoint}`).to.deep.include({ status: 500, body: { error: 'Allocation failed' } });
      }
    }
    // An unknown technology keeps the errors trace's stale-errno 409, before and after those 500s.
    expect(await f.http.request('POST', '/channels?endpoint=NotATech/foo&app=hotline')).to.deep.include({
      status: 409,
      body: { message: 'Channel with given unique ID already exists' },
    });
    await f.clock.advance(100);
    expect(f.events.events.length).to.equal(before);
    expect(f.sim.channels().map((c) => c.id)).to.deep.equal([callerId]);
  });

  it('rejects dialing before StasisStart, dialing twice, and media on an unanswered agent', async () => {
    f.sim.defineEndpoint('PJSIP/2001', { kind: 'noanswer' });
    await f.http.request('POST', '/channels/create?endpoint=PJSIP/2001&app=hotline&channelId=agent-1');
    expect(await f.http.request('POST', '/channels/agent-1/dial')).to.deep.include({
      status: 409,
      body: { message: 'Channel not in Stasis application' },
    });
    await f.runUntil(() => f.events.has('StasisStart', 'agent-1'));
    expect(await f.http.request('POST', '/channels/agent-1/play?media=sound:hello-world')).to.deep.include({
      status: 412,
      body: { message: 'Channel in invalid state' },
    });
    expect((await f.http.request('POST', '/channels/agent-1/dial')).status).to.equal(204);
    expect(await f.http.request('POST', '/channels/agent-1/dial')).to.deep.include({ status: 409 });
    expect(await f.http.request('POST', `/channels/${callerId}/dial`)).to.deep.include({
      status: 409,
      body: { message: "Channel is not in the 'Down' state" },
    });
  });

  it('originating to a phone rings, answers and enters Stasis; busy and unanswered originates end without Stasis', async () => {
    f.sim.defineEndpoint('PJSIP/3001', { kind: 'answer', afterMs: 1000 });
    f.sim.defineEndpoint('PJSIP/3002', { kind: 'busy' });
    f.sim.defineEndpoint('PJSIP/3003', { kind: 'noanswer' });
    const reply = await f.http.request('POST', '/channels', { endpoint: 'PJSIP/3001', app: 'hotline', appArgs: 'out,1', channelId: 'o1', callerId: '"Hotline" <4000>' });
    expect(reply.body).to.deep.include({ state: 'Down', caller: { name: 'Hotline', number: '4000' } });
    await f.runUntil(() => f.events.has('StasisStart', 'o1'));
    const seq = f.events.events
      .filter((e) => (e.channel as { id?: string } | undefined)?.id === 'o1' || (e.peer as { id?: string } | undefined)?.id === 'o1')
      .map((e) => (e.type === 'Dial' ? `Dial ${String(e.dialstatus)} ${String(e.dialstring)}` : e.type));
    expect(seq).to.deep.equal(['Dial  3001', 'ChannelStateChange', 'Dial RINGING 3001', 'ChannelStateChange', 'Dial ANSWER 3001', 'ChannelVarset', 'StasisStart']);
    expect(f.events.ofType('StasisStart', 'o1')[0]?.args).to.deep.equal(['out', '1']);
    await f.http.request('POST', '/channels?endpoint=PJSIP/3002&app=hotline&channelId=o2');
    await f.http.request('POST', '/channels?endpoint=PJSIP/3003&app=hotline&channelId=o3&timeout=3');
    await f.runUntil(() => f.events.has('ChannelDestroyed', 'o2') && f.events.has('ChannelDestroyed', 'o3'));
    expect(f.events.ofType('Dial', 'o2').map((e) => e.dialstatus)).to.deep.equal(['', 'BUSY']);
    expect(f.events.ofType('ChannelDestroyed', 'o2')[0]).to.include({ cause: 17 });
    expect(f.events.ofType('Dial', 'o3').map((e) => e.dialstatus)).to.deep.equal(['', 'RINGING', 'NOANSWER']);
    expect(f.events.ofType('ChannelDestroyed', 'o3')[0]).to.include({ cause: 19 });
    expect(f.events.has('StasisStart', 'o2') || f.events.has('StasisStart', 'o3')).to.equal(false);
  });
});

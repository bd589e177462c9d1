/** Device states and endpoints as Asterisk 22 reports them over ARI, and DeviceStateChanged. */
import { expect } from 'chai';
import { startSim, type SimFixture } from './support/sim-fixture.js';

const enc = encodeURIComponent;

describe('sim: device states and endpoints', function () {
  this.timeout(10_000);
  let f: SimFixture;

  beforeEach(async () => {
    f = await startSim();
    f.sim.defineEndpoint('PJSIP/2001', { kind: 'answer', afterMs: 2000 });
    f.sim.defineEndpoint('PJSIP/2002', { kind: 'busy' });
    f.sim.defineEndpoint('PJSIP/2003', { kind: 'unavailable' });
  });
  afterEach(async () => {
    await f.close();
  });

  it('GET /deviceStates/{name}: NOT_INUSE idle, INUSE for a busy phone, UNAVAILABLE unreachable, INVALID unknown', async () => {
    const get = async (n: string): Promise<unknown> => (await f.http.request('GET', `/deviceStates/${enc(n)}`)).body;
    expect(await get('PJSIP/2001')).to.deep.equal({ name: 'PJSIP/2001', state: 'NOT_INUSE' });
    expect(await get('PJSIP/2002')).to.deep.equal({ name: 'PJSIP/2002', state: 'INUSE' });
    expect(await get('PJSIP/2003')).to.deep.equal({ name: 'PJSIP/2003', state: 'UNAVAILABLE' });
    expect(await get('PJSIP/9999')).to.deep.equal({ name: 'PJSIP/9999', state: 'INVALID' });
    // The list holds only ARI-controlled (Stasis:) devices.
    expect((await f.http.request('GET', '/deviceStates')).body).to.deep.equal([]);
    const put = await f.http.request('PUT', `/deviceStates/${enc('Stasis:queue')}?deviceState=BUSY`);
    expect(put.status).to.equal(204);
    expect((await f.http.request('GET', '/deviceStates')).body).to.deep.equal([{ name: 'Stasis:queue', state: 'BUSY' }]);
    const bad = await f.http.request('PUT', `/deviceStates/${enc('PJSIP/2001')}?deviceState=BUSY`);
    expect(bad.status).to.equal(409);
  });

  it('GET /endpoints: online/offline with channel_ids; 404 for an unknown one', async () => {
    const all = (await f.http.request('GET', '/endpoints')).body as Record<string, unknown>[];
    expect(all.map((e) => `${String(e.technology)}/${String(e.resource)} ${String(e.state)}`)).to.deep.equal([
      'PJSIP/2001 online',
      'PJSIP/2002 online',
      'PJSIP/2003 offline',
    ]);
    expect((await f.http.request('GET', '/endpoints/PJSIP/2001')).body).to.deep.equal({ technology: 'PJSIP', resource: '2001', state: 'online', channel_ids: [] });
    const missing = await f.http.request('GET', '/endpoints/PJSIP/9999');
    expect(missing.status).to.equal(404);
    expect(missing.body).to.deep.equal({ message: 'Endpoint not found' });
  });

  it('a subscribed app hears RINGING, INUSE while on the call, NOT_INUSE after', async () => {
    const sub = await f.http.request('POST', `/applications/hotline/subscription?eventSource=${enc('deviceState:PJSIP/2001')}`);
    expect(sub.status).to.equal(200);
    expect((sub.body as { device_names: string[] }).device_names).to.deep.equal(['PJSIP/2001']);
    const reply = await f.http.request('POST', `/channels/create?endpoint=${enc('PJSIP/2001')}&app=hotline&channelId=agent-1`);
    expect(reply.status).to.equal(200);
    await f.runUntil(() => f.events.has('StasisStart', 'agent-1'));
    await f.http.request('POST', '/channels/agent-1/dial?timeout=30');
    await f.runUntil(() => f.events.ofType('DeviceStateChanged').length >= 3);
    const ep = (await f.http.request('GET', '/endpoints/PJSIP/2001')).body as { channel_ids: string[] };
    expect(ep.channel_ids).to.deep.equal(['agent-1']);
    await f.http.request('DELETE', '/channels/agent-1');
    await f.runUntil(() => f.events.ofType('DeviceStateChanged').length >= 4);
    const seen = f.events.ofType('DeviceStateChanged').map((e) => (e.device_state as { state: string }).state);
    expect(seen).to.deep.equal(['INUSE', 'RINGING', 'INUSE', 'NOT_INUSE']);
    const ev = f.events.ofType('DeviceStateChanged')[0] as Record<string, unknown>;
    expect(ev).to.include.keys('timestamp', 'application', 'asterisk_id');
    expect((ev.device_state as { name: string }).name).to.equal('PJSIP/2001');
  });

  it('a phone that turns free after being busy sends NOT_INUSE; unsubscribing stops the events', async () => {
    await f.http.request('POST', `/applications/hotline/subscription?eventSource=${enc('deviceState:PJSIP/2002')}`);
    f.sim.defineEndpoint('PJSIP/2002', { kind: 'answer' });
    await f.runUntil(() => f.events.has('DeviceStateChanged'));
    expect(f.events.ofType('DeviceStateChanged')[0]?.device_state).to.deep.equal({ name: 'PJSIP/2002', state: 'NOT_INUSE' });
    const del = await f.http.request('DELETE', `/applications/hotline/subscription?eventSource=${enc('deviceState:PJSIP/2002')}`);
    expect(del.status).to.equal(200);
    f.sim.defineEndpoint('PJSIP/2002', { kind: 'busy' });
    await f.clock.advance(1000);
    await new Promise((r) => setTimeout(r, 50));
    expect(f.events.ofType('DeviceStateChanged')).to.have.length(1);
  });

  it('subscription errors: missing eventSource 400, unknown app 404, bad scheme 400', async () => {
    expect((await f.http.request('POST', '/applications/hotline/subscription')).status).to.equal(400);
    expect((await f.http.request('POST', `/applications/nope/subscription?eventSource=${enc('deviceState:PJSIP/2001')}`)).status).to.equal(404);
    expect((await f.http.request('POST', '/applications/hotline/subscription?eventSource=foo:bar')).status).to.equal(400);
  });
});

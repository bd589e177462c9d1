/** The HTTP/WebSocket surface: auth, unknown paths, error bodies, apps coming and going. */
import { expect } from 'chai';
import { AriHttp } from './support/ari-http.js';
import { EventRecorder } from './support/event-recorder.js';
import { PASS, startSim, USER, type SimFixture } from './support/sim-fixture.js';

describe('sim: ARI surface', function () {
  this.timeout(10_000);
  let f: SimFixture;

  beforeEach(async () => {
    f = await startSim();
  });
  afterEach(async () => {
    await f.close();
  });

  it('refuses wrong credentials with 401 on REST and on the WebSocket upgrade', async () => {
    const wrong = new AriHttp(f.sim.url, { username: USER, password: 'nope' });
    const reply = await wrong.request('GET', '/channels');
    expect(reply.status).to.equal(401);
    expect(reply.body).to.deep.equal({ message: 'Authentication required' });
    expect(reply.headers['www-authenticate']).to.equal('Basic realm="Asterisk REST Interface"');
    expect((await new AriHttp(f.sim.url, undefined).request('GET', '/asterisk/ping')).status).to.equal(401);
    const viaKey = await new AriHttp(f.sim.url, undefined).request('GET', `/asterisk/ping?api_key=${USER}:${PASS}`);
    expect(viaKey.status).to.equal(200);
    expect(viaKey.body).to.include({ ping: 'pong', asterisk_id: '02:fc:00:00:00:01' });
    let status = 0;
    await EventRecorder.open(f.sim.url, 'hotline', `${USER}:wrong`).catch((err: { status?: number }) => {
      status = err.status ?? -1;
    });
    expect(status).to.equal(401);
  });

  it('answers unknown paths, wrong methods and trailing slashes as Asterisk does', async () => {
    expect(await f.http.request('GET', '/nothing/here')).to.deep.include({ status: 404, body: { message: 'Resource not found' } });
    expect(await f.http.request('PUT', '/channels')).to.deep.include({ status: 405, body: { message: 'Invalid method' } });
    expect(await f.http.request('GET', '/channels/')).to.deep.include({
      status: 404,
      body: { message: 'ARI URLs do not end with a slash. Try /ari/channels' },
    });
    const info = await f.http.request('GET', '/asterisk/info');
    expect((info.body as { system: { version: string } }).system.version).to.equal('22.10.1');
  });

  it('gives the documented errors for bad requests and never falls over', async () => {
    const cases: [string, string, number, string][] = [
      ['POST', '/channels/nope/answer', 404, 'Channel not found'],
      ['POST', '/channels?app=hotline', 400, 'Endpoint must be specified'],
      ['POST', '/channels?endpoint=garbage&app=hotline', 400, 'Invalid endpoint specified'],
      ['POST', '/channels?endpoint=NotATech/foo&app=hotline', 409, 'Channel with given unique ID already exists'],
      ['DELETE', '/playbacks/nope', 404, 'Playback not found'],
      ['GET', '/recordings/stored/nope', 404, 'Recording not found'],
      ['GET', '/bridges/nope', 404, 'Bridge not found'],
      ['GET', '/applications/nope', 404, 'Application not found'],
      ['POST', '/bridges?type=holding,mixing', 500, "Unable to create bridge. Possible duplicate bridge id '(null)'"],
    ];
    for (const [method, path, status, message] of cases) {
      const reply = await f.http.request(method, path);
      expect(reply, `${method} ${path}`).to.deep.include({ status, body: { message } });
    }
    expect(await f.http.request('POST', '/channels/create?endpoint=PJSIP/9999&app=hotline')).to.deep.include({
      status: 500,
      body: { error: 'Allocation failed' },
    });
    const call = f.sim.placeCall({ app: 'hotline', script: [] });
    await f.runUntil(() => f.events.has('StasisStart', call.id));
    const more: [string, string, number, string][] = [
      ['POST', `/channels/${call.id}/variable`, 400, 'Variable name is required'],
      ['GET', `/channels/${call.id}/variable?variable=NOPE`, 404, 'Provided variable was not found'],
      ['POST', `/channels/${call.id}/play`, 500, 'Failed to queue media for playback'],
      ['POST', `/channels/${call.id}/record?name=x&format=wav&terminateOn=x`, 400, 'terminateOn invalid'],
      ['POST', `/channels/${call.id}/record?name=x&format=nope`, 422, 'specified format is unknown on this system'],
      ['POST', `/channels/${call.id}/dial`, 409, 'Channel is not in the \'Down\' state'],
      ['DELETE', `/channels/${call.id}?reason=weird`, 400, 'Invalid reason for hangup reason provided'],
      ['POST', '/bridges/none/addChannel?channel=x', 404, 'Bridge not found'],
    ];
    for (const [method, path, status, message] of more) {
      const reply = await f.http.request(method, path);
      expect(reply, `${method} ${path}`).to.deep.include({ status, body: { message } });
    }
    await f.http.request('POST', '/bridges?bridgeId=b');
    expect(await f.http.request('POST', '/bridges/b/addChannel?channel=ghost')).to.deep.include({ status: 400, body: { message: 'Channel not found' } });
    expect(await f.http.request('POST', '/bridges/b/addChannel')).to.deep.include({ status: 400, body: { message: 'Missing parameter channel' } });
    expect(await f.http.raw('POST', '/channels', '{not json', 'application/json')).to.deep.include({
      status: 400,
      body: { message: 'Error parsing request body' },
    });
    const form = await f.http.raw('POST', `/channels/${call.id}/variable`, 'variable=FOO&value=bar', 'application/x-www-form-urlencoded');
    expect(form.status).to.equal(204);
    await f.runUntil(() => f.events.has('ChannelVarset', call.id));
    expect(await f.http.request('GET', `/channels/${call.id}/variable?variable=FOO`)).to.deep.include({ status: 200, body: { value: 'bar' } });
    expect(f.sim.stats().channels).to.equal(1);
  });

  it('keeps channels in Stasis while the app is away, drops their events, and resumes on reconnect', async () => {
    const call = f.sim.placeCall({ app: 'hotline', script: [{ wait: 1000 }, { press: '5' }] });
    await f.runUntil(() => f.events.has('StasisStart', call.id));
    await f.events.close();
    await f.clock.advance(2000);
    expect(f.sim.stats().apps).to.equal(0);
    const apps = await f.http.request('GET', '/applications/hotline');
    expect(apps.body).to.deep.include({ name: 'hotline', channel_ids: [call.id] });
    const back = await EventRecorder.open(f.sim.url, 'hotline', `${USER}:${PASS}`);
    try {
      expect(back.events).to.have.length(0);
      await f.http.request('DELETE', `/channels/${call.id}`);
      await f.runUntil(() => back.has('StasisEnd', call.id));
      expect(back.events.map((e) => e.type)).to.deep.equal(['ChannelHangupRequest', 'StasisEnd']);
    } finally {
      await back.close();
    }
    // The first socket saw nothing after it closed (the key press was dropped).
    expect(f.events.has('ChannelDtmfReceived')).to.equal(false);
  });

  it('lists applications with their channels, including both halves of an originated Local channel', async () => {
    await f.http.request('POST', '/channels?endpoint=Local%2Fsilent%40caller%2Fn&app=hotline&channelId=c1');
    await f.runUntil(() => f.events.has('StasisStart', 'c1'));
    const apps = await f.http.request('GET', '/applications');
    expect(apps.body).to.deep.equal([
      { name: 'hotline', channel_ids: ['c1', 'c1;2'], bridge_ids: [], endpoint_ids: [], device_names: [], events_allowed: [], events_disallowed: [] },
    ]);
    const second = await EventRecorder.open(f.sim.url, 'hotline', `${USER}:${PASS}`);
    try {
      // The new socket takes the app over; the old one is told so.
      await f.runUntil(() => f.events.has('ApplicationReplaced'));
      await f.http.request('DELETE', '/channels/c1');
      await f.runUntil(() => second.has('ChannelDestroyed', 'c1;2'));
      expect(f.events.has('StasisEnd')).to.equal(false);
    } finally {
      await second.close();
    }
  });

  it('a subscribeAll app observes channel events of other apps, but not their StasisStart/End', async () => {
    const observer = await EventRecorder.open(f.sim.url, 'observer', `${USER}:${PASS}`, '&subscribeAll=true');
    try {
      const call = f.sim.placeCall({ app: 'hotline', script: [{ press: '7' }, { hangup: true }] });
      await f.runUntil(() => f.events.has('StasisEnd', call.id));
      await f.clock.advance(10);
      expect(observer.events.map((e) => e.type)).to.deep.equal([
        'ChannelVarset',
        'ChannelDtmfReceived',
        'ChannelHangupRequest',
        'ChannelVarset',
        'ChannelDestroyed',
      ]);
      expect(observer.events.every((e) => e.application === 'observer')).to.equal(true);
    } finally {
      await observer.close();
    }
  });
});

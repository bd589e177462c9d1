/** Recording a scripted caller: silence, max duration, terminate key, hangup, stored recordings. */
import { expect } from 'chai';
import type { SimCall } from '../../src/sim/index.js';
import type { CallerStep } from '../../src/sim/index.js';
import { parseAriTime } from './support/event-recorder.js';
import { startSim, type SimFixture } from './support/sim-fixture.js';

describe('sim: recordings', function () {
  this.timeout(10_000);
  let f: SimFixture;

  beforeEach(async () => {
    f = await startSim();
  });
  afterEach(async () => {
    await f.close();
  });

  /** Places a call with the script, answers it, starts recording 'msg' with the query; returns the call and the record time. */
  async function record(script: CallerStep[], query: string): Promise<{ call: SimCall; startedAt: number }> {
    const call = f.sim.placeCall({ app: 'hotline', script: [{ waitForAnswer: true }, ...script] });
    await f.runUntil(() => f.events.has('StasisStart', call.id));
    await f.http.request('POST', `/channels/${call.id}/answer`);
    const reply = await f.http.request('POST', `/channels/${call.id}/record?name=msg&format=wav&${query}`);
    expect(reply.status).to.equal(201);
    expect(reply.body).to.deep.equal({ name: 'msg', format: 'wav', state: 'queued', target_uri: `channel:${call.id}` });
    await f.runUntil(() => f.events.has('RecordingStarted'));
    return { call, startedAt: f.clock.now() };
  }

  const finished = (): Record<string, unknown> => f.events.ofType('RecordingFinished')[0]?.recording as Record<string, unknown>;

  it('stops after maxSilenceSeconds of silence following speech, with app.c durations', async () => {
    const { startedAt } = await record([{ wait: 500 }, { speak: 2500 }], 'maxSilenceSeconds=2&maxDurationSeconds=60');
    const end = await f.runUntil(() => f.events.has('RecordingFinished'));
    expect(end - startedAt).to.equal(5000);
    // 5 s recorded; trailing 2 s silence trims 1 s; 2.5 s of silence in all trims 2 s from talking.
    expect(finished()).to.deep.equal({ name: 'msg', format: 'wav', state: 'done', target_uri: finished().target_uri, duration: 4, talking_duration: 3, silence_duration: 1 });
    expect((await f.http.request('GET', '/recordings/stored/msg')).body).to.deep.equal({ name: 'msg', format: 'wav' });
    expect((await f.http.request('GET', '/recordings/stored')).body).to.deep.equal([{ name: 'msg', format: 'wav' }]);
    expect((await f.http.request('DELETE', '/recordings/stored/msg')).status).to.equal(204);
    expect(await f.http.request('GET', '/recordings/stored/msg')).to.deep.include({ status: 404, body: { message: 'Recording not found' } });
  });

  it('stops at maxDurationSeconds, and without maxSilenceSeconds reports no talking figures', async () => {
    const { startedAt } = await record([{ speak: 10_000 }], 'maxDurationSeconds=3&beep=true');
    const end = await f.runUntil(() => f.events.has('RecordingFinished'));
    expect(end - startedAt).to.equal(3260);
    expect(finished()).to.include({ state: 'done', duration: 3 });
    expect(finished()).to.not.have.property('talking_duration');
  });

  it('stops on the terminateOn key, after its ChannelDtmfReceived', async () => {
    const { call } = await record([{ speak: 1200 }, { press: '#' }], 'terminateOn=%23&maxSilenceSeconds=5');
    await f.runUntil(() => f.events.has('RecordingFinished'));
    const types = f.events.events.map((e) => e.type);
    expect(types.indexOf('ChannelDtmfReceived')).to.be.below(types.indexOf('RecordingFinished'));
    expect(f.events.ofType('ChannelDtmfReceived', call.id)[0]).to.include({ digit: '#' });
  });

  it('a caller hanging up mid-recording finishes it (kept) before StasisEnd', async () => {
    const { call } = await record([{ speak: 1500 }, { hangup: true }], 'maxSilenceSeconds=3');
    await f.untilEnded(call);
    const types = f.events.events.map((e) => e.type);
    expect(types.slice(types.indexOf('ChannelHangupRequest'))).to.deep.equal(['ChannelHangupRequest', 'RecordingFinished', 'StasisEnd']);
    expect(finished()).to.include({ state: 'done', duration: 1 });
    expect((await f.http.request('GET', '/recordings/stored/msg')).status).to.equal(200);
    expect(call.log.map((e) => e.kind)).to.include.members(['recording-started', 'recording-finished']);
  });

  it('refuses a name in use and recording a bridged channel; stop and cancel live recordings', async () => {
    const { call } = await record([], 'maxSilenceSeconds=30');
    expect(await f.http.request('POST', `/channels/${call.id}/record?name=msg&format=wav`)).to.deep.include({
      status: 409,
      body: { message: "Recording 'msg' already exists and can not be overwritten" },
    });
    expect((await f.http.request('GET', '/recordings/live/msg')).body).to.include({ state: 'recording' });
    await f.clock.advance(4000);
    expect((await f.http.request('POST', '/recordings/live/msg/stop')).status).to.equal(204);
    await f.runUntil(() => f.events.has('RecordingFinished'));
    expect(finished()).to.include({ state: 'done' });
    await f.http.request('POST', `/channels/${call.id}/record?name=second&format=wav`);
    await f.runUntil(() => f.events.ofType('RecordingStarted').length === 2);
    await f.http.request('DELETE', '/recordings/live/second');
    await f.runUntil(() => f.events.ofType('RecordingFinished').length === 2);
    expect(f.events.ofType('RecordingFinished')[1]?.recording).to.include({ state: 'canceled' });
    expect((await f.http.request('GET', '/recordings/stored/second')).status).to.equal(404);
    await f.http.request('POST', '/bridges?bridgeId=b');
    await f.http.request('POST', `/bridges/b/addChannel?channel=${call.id}`);
    await f.http.request('POST', `/channels/${call.id}/record?name=third&format=wav`);
    await f.runUntil(() => f.events.has('RecordingFailed'));
    expect(f.events.ofType('RecordingFailed')[0]?.recording).to.include({ state: 'failed', cause: 'Cannot record channel while in bridge' });
    expect(parseAriTime(String(f.events.ofType('RecordingFailed')[0]?.timestamp))).to.be.a('number');
  });
});

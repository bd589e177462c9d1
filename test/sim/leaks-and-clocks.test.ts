/** Nothing outlives its call, and the simulator also runs on real time. */
import { expect } from 'chai';
import { RealClock } from '../../src/clock/index.js';
import { SimulatedAsterisk } from '../../src/sim/index.js';
import { AriHttp } from './support/ari-http.js';
import { EventRecorder } from './support/event-recorder.js';
import { startSim } from './support/sim-fixture.js';

describe('sim: leaks and clocks', function () {
  this.timeout(10_000);

  it('leaves no channel, playback, bridge, recording or timer behind once every call has ended', async () => {
    const f = await startSim({ soundLengths: { 'sound:hotline/greeting': 4000 } });
    try {
      f.sim.defineEndpoint('PJSIP/2001', { kind: 'answer', afterMs: 1500 });
      f.sim.defineEndpoint('PJSIP/2002', { kind: 'noanswer' });
      const a = f.sim.placeCall({ app: 'hotline', script: [{ waitForAnswer: true }, { speak: 800 }, { wait: 1000 }, { hangup: true }] });
      const b = f.sim.placeCall({ app: 'hotline', script: [{ waitForBridge: true }, { wait: 3000 }, { hangup: true }] });
      const c = f.sim.placeCall({ app: 'hotline', script: [{ press: '1234' }] });
      await f.runUntil(() => [a, b, c].every((call) => f.events.has('StasisStart', call.id)));
      for (const call of [a, b, c]) {
        await f.http.request('POST', `/channels/${call.id}/answer`);
        await f.http.request('POST', `/channels/${call.id}/variable`, { variable: 'TALK_DETECT(set)', value: '' });
      }
      await f.http.request('POST', `/channels/${a.id}/play?media=sound:hotline/greeting&lang=zh_CN`);
      await f.http.request('POST', `/channels/${a.id}/play?media=tone:ring`);
      await f.http.request('POST', `/channels/${c.id}/record?name=c-msg&format=wav&maxSilenceSeconds=30`);
      await f.http.request('POST', `/channels/${b.id}/moh`);
      await f.http.request('POST', '/bridges?bridgeId=b1');
      await f.http.request('POST', `/channels/create?endpoint=PJSIP/2001&app=hotline&channelId=ag1`);
      await f.http.request('POST', `/channels/create?endpoint=PJSIP/2002&app=hotline&channelId=ag2`);
      await f.http.request('POST', `/channels?endpoint=Local/talkthenquiet@caller&app=hotline&channelId=loc`);
      await f.runUntil(() => f.events.has('StasisStart', 'ag1') && f.events.has('StasisStart', 'ag2'));
      await f.http.request('POST', `/channels/ag1/dial?caller=${b.id}&timeout=10`);
      await f.http.request('POST', `/channels/ag2/dial?caller=${b.id}`);
      await f.runUntil(() => f.events.ofType('Dial', 'ag1').some((e) => e.dialstatus === 'ANSWER'));
      await f.http.request('POST', `/bridges/b1/addChannel?channel=${b.id},ag1`);
      await f.untilEnded(a);
      await f.untilEnded(b);
      await f.clock.advance(5000);
      for (const id of [c.id, 'ag1', 'ag2', 'loc']) await f.http.request('DELETE', `/channels/${id}`);
      await f.http.request('DELETE', '/bridges/b1');
      await f.clock.advance(100);
      expect(f.sim.stats()).to.deep.equal({ channels: 0, playbacks: 0, bridges: 0, recordings: 0, timers: 0, apps: 1 });
      expect(f.clock.pendingTimers()).to.equal(0);
    } finally {
      await f.close();
    }
  });

  it('runs a short call on a RealClock in real time', async () => {
    const started = Date.now();
    const sim = new SimulatedAsterisk({ clock: new RealClock(), username: 'u', password: 'p', soundLengths: { 'sound:hotline/hi': 300 } });
    await sim.start();
    const events = await EventRecorder.open(sim.url, 'hotline', 'u:p');
    const http = new AriHttp(sim.url, { username: 'u', password: 'p' });
    try {
      const call = sim.placeCall({ app: 'hotline', script: [{ waitForPrompt: 'hi', on: 'end' }, { press: '9' }, { hangup: true }] });
      while (!events.has('StasisStart', call.id)) await new Promise((r) => setTimeout(r, 5));
      await http.request('POST', `/channels/${call.id}/answer`);
      await http.request('POST', `/channels/${call.id}/play?media=sound:hotline/hi`);
      const ended = await call.ended;
      expect(ended).to.include({ by: 'caller', cause: 16 });
      while (!events.has('StasisEnd', call.id)) await new Promise((r) => setTimeout(r, 5));
      expect(events.events.map((e) => e.type)).to.deep.equal([
        'StasisStart',
        'ChannelStateChange',
        'PlaybackStarted',
        'PlaybackFinished',
        'ChannelDtmfReceived',
        'ChannelHangupRequest',
        'StasisEnd',
      ]);
      expect(Date.now() - started).to.be.below(3000);
      expect(sim.stats().timers).to.equal(0);
    } finally {
      await events.close();
      await sim.stop();
    }
  });
});

/** Playback behaviours: prompt lengths from WAV files, failures, stopping, queueing, MOH interplay. */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAriTime, type AriEventJson } from './support/event-recorder.js';
import { startSim, type SimFixture } from './support/sim-fixture.js';
import { writeSilentWav } from './support/wav-file.js';

const at = (e: AriEventJson | undefined): number => parseAriTime(String(e?.timestamp));
const pbState = (e: AriEventJson | undefined): unknown => (e?.playback as { state?: unknown } | undefined)?.state;

describe('sim: playbacks', function () {
  this.timeout(10_000);
  let f: SimFixture;
  let soundsDir: string;
  let callId: string;

  before(() => {
    soundsDir = mkdtempSync(path.join(tmpdir(), 'sim-sounds-'));
    mkdirSync(path.join(soundsDir, 'zh-CN'));
    mkdirSync(path.join(soundsDir, 'en-US'));
    writeSilentWav(path.join(soundsDir, 'zh-CN', 'welcome.wav'), 3200);
    writeSilentWav(path.join(soundsDir, 'en-US', 'welcome.wav'), 2500);
  });
  after(() => rmSync(soundsDir, { recursive: true, force: true }));

  beforeEach(async () => {
    f = await startSim({ soundsDir, soundLengths: { 'sound:custom/beep-beep': 700 } });
    const call = f.sim.placeCall({ app: 'hotline', script: [] });
    callId = call.id;
    await f.runUntil(() => f.events.has('StasisStart', call.id));
    await f.http.request('POST', `/channels/${call.id}/answer`);
  });
  afterEach(async () => {
    await f.close();
  });

  /** Plays and runs until the playback finished; returns its Started and Finished events. */
  async function playToEnd(query: string): Promise<[AriEventJson | undefined, AriEventJson | undefined]> {
    const reply = await f.http.request('POST', `/channels/${callId}/play?${query}`);
    expect(reply.status).to.equal(201);
    expect(reply.body).to.include({ state: 'queued', target_uri: `channel:${callId}` });
    const id = (reply.body as { id: string }).id;
    const mine = (type: string): AriEventJson | undefined => f.events.ofType(type).find((e) => (e.playback as { id: string }).id === id);
    await f.runUntil(() => mine('PlaybackFinished') !== undefined);
    return [mine('PlaybackStarted'), mine('PlaybackFinished')];
  }

  it('plays hotline prompts for the length of their WAV in the asked language', async () => {
    const [zs, zf] = await playToEnd('media=sound:hotline/welcome&lang=zh_CN');
    expect(at(zf) - at(zs)).to.equal(3200);
    expect(pbState(zf)).to.equal('done');
    const [es, ef] = await playToEnd('media=sound:hotline/welcome&lang=en_US');
    expect(at(ef) - at(es)).to.equal(2500);
    expect((es?.playback as { language: string }).language).to.equal('en_US');
  });

  it('fails at once for a missing file, or a language the prompts are not installed in', async () => {
    for (const query of ['media=sound:hotline/nope&lang=zh_CN', 'media=sound:hotline/welcome', 'media=sound:hotline/welcome&lang=zh-CN', 'media=sound:please-wait']) {
      const [s, fin] = await playToEnd(query);
      expect(pbState(s), query).to.equal('playing');
      expect(pbState(fin), query).to.equal('failed');
      expect(at(fin) - at(s), query).to.equal(0);
    }
  });

  it('knows built-in lengths and honours soundLengths overrides', async () => {
    const [s1, f1] = await playToEnd('media=sound:silence/3');
    expect(at(f1) - at(s1)).to.equal(3000);
    const [s2, f2] = await playToEnd('media=digits:4001');
    expect(at(f2) - at(s2)).to.equal(4 * 840);
    const [s3, f3] = await playToEnd('media=sound:custom/beep-beep');
    expect(at(f3) - at(s3)).to.equal(700);
  });

  it('DELETE /playbacks/{id} stops a sound with state done; a digits playback cannot be stopped', async () => {
    await f.http.request('POST', `/channels/${callId}/play/p1?media=sound:silence/10`);
    await f.clock.advance(1000);
    expect((await f.http.request('GET', '/playbacks/p1')).body).to.include({ state: 'playing' });
    expect((await f.http.request('DELETE', '/playbacks/p1')).status).to.equal(204);
    await f.runUntil(() => f.events.has('PlaybackFinished'));
    expect(pbState(f.events.ofType('PlaybackFinished')[0])).to.equal('done');
    expect((await f.http.request('GET', '/playbacks/p1')).status).to.equal(404);
    await f.http.request('POST', `/channels/${callId}/play/p2?media=digits:123`);
    expect(await f.http.request('DELETE', '/playbacks/p2')).to.deep.include({ status: 500, body: { message: 'Could not stop playback' } });
  });

  it('queues playbacks; a queued one stopped early finishes "done" without ever starting', async () => {
    await f.http.request('POST', `/channels/${callId}/play/a?media=sound:silence/2`);
    await f.http.request('POST', `/channels/${callId}/play/b?media=sound:silence/2`);
    await f.http.request('POST', `/channels/${callId}/play/c?media=sound:silence/1`);
    expect((await f.http.request('GET', '/playbacks/b')).body).to.include({ state: 'queued' });
    await f.http.request('DELETE', '/playbacks/b');
    await f.runUntil(() => f.events.ofType('PlaybackFinished').length === 3);
    const seq = f.events.events.filter((e) => e.type.startsWith('Playback')).map((e) => `${e.type}:${(e.playback as { id: string }).id}`);
    expect(seq).to.deep.equal(['PlaybackStarted:a', 'PlaybackFinished:a', 'PlaybackFinished:b', 'PlaybackStarted:c', 'PlaybackFinished:c']);
  });

  it('plays a media list with PlaybackContinuing in between', async () => {
    await f.http.request('POST', `/channels/${callId}/play/m?media=sound:silence/1,sound:custom/beep-beep`);
    await f.runUntil(() => f.events.has('PlaybackFinished'));
    const seq = f.events.events
      .filter((e) => e.type.startsWith('Playback'))
      .map((e) => `${e.type} ${String((e.playback as { media_uri: string }).media_uri)} ${String((e.playback as { next_media_uri?: string }).next_media_uri)}`);
    expect(seq).to.deep.equal([
      'PlaybackStarted sound:silence/1 sound:custom/beep-beep',
      'PlaybackContinuing sound:silence/1 sound:custom/beep-beep',
      'PlaybackStarted sound:custom/beep-beep undefined',
      'PlaybackFinished sound:custom/beep-beep undefined',
    ]);
  });

  it('an unsupported scheme starts and never finishes, even at hangup, without blocking the next one', async () => {
    const reply = await f.http.request('POST', `/channels/${callId}/play?media=badscheme:foo`);
    const id = (reply.body as { id: string }).id;
    expect(id).to.match(/^[0-9a-f-]{36}$/);
    await f.clock.advance(5000);
    expect(f.events.ofType('PlaybackStarted')).to.have.length(1);
    expect(f.events.has('PlaybackFinished')).to.equal(false);
    expect((await f.http.request('GET', `/playbacks/${id}`)).status).to.equal(404);
    await playToEnd('media=sound:silence/1');
    await f.http.request('DELETE', `/channels/${callId}`);
    await f.clock.advance(10);
    expect(f.events.ofType('PlaybackFinished')).to.have.length(1);
    expect(f.sim.stats()).to.include({ channels: 0, playbacks: 0, timers: 0 });
  });

  it('a playback replaces MOH for good, and MOH asked for during a playback starts after it', async () => {
    const call = f.sim.placeCall({ app: 'hotline', script: [] });
    await f.runUntil(() => f.events.has('StasisStart', call.id));
    await f.http.request('POST', `/channels/${call.id}/answer`);
    await f.http.request('POST', `/channels/${call.id}/moh?mohClass=nosuchclass`);
    await f.clock.advance(1000);
    await f.http.request('POST', `/channels/${call.id}/play?media=sound:silence/2`);
    await f.clock.advance(3000);
    await f.http.request('POST', `/channels/${call.id}/play?media=sound:silence/2`);
    await f.http.request('POST', `/channels/${call.id}/moh`);
    await f.clock.advance(3000);
    const moh = call.log.filter((e) => e.kind.startsWith('moh')).map((e) => `${e.kind}@${e.t}`);
    expect(moh).to.deep.equal(['moh-started@0', 'moh-stopped@1000', 'moh-started@6000']);
  });
});

/** Scripted inbound callers: each step kind, the caller log, and how calls end. */
import { expect } from 'chai';
import type { CallerLogEntry } from '../../src/sim/index.js';
import { longestSilenceMs } from '../../src/sim/index.js';
import { startSim, type SimFixture } from './support/sim-fixture.js';

const kinds = (log: readonly CallerLogEntry[]): string[] => log.map((e) => e.kind);

describe('sim: scripted callers', function () {
  this.timeout(10_000);
  let f: SimFixture;

  beforeEach(async () => {
    f = await startSim({ soundLengths: { 'sound:hotline/greeting': 2000, 'sound:hotline/menu': 1500 } });
  });
  afterEach(async () => {
    await f.close();
  });

  it('arrives as a ringing PJSIP channel that enters Stasis at once with no args', async () => {
    const call = f.sim.placeCall({ app: 'hotline', from: '13900001111', fromName: 'Ms Li', to: '4001', script: [] });
    await f.runUntil(() => f.events.has('StasisStart', call.id));
    const start = f.events.ofType('StasisStart', call.id)[0];
    expect(start?.args).to.deep.equal([]);
    const channel = start?.channel as Record<string, unknown>;
    expect(channel.name).to.match(/^PJSIP\/trunk-[0-9a-f]{8}$/);
    expect(channel).to.include({ state: 'Ring', language: 'en' });
    expect(channel.caller).to.deep.equal({ name: 'Ms Li', number: '13900001111' });
    expect(channel.dialplan).to.include({ exten: '4001', app_name: 'Stasis', app_data: 'hotline' });
    expect(call.enteredStasis).to.equal(true);
    // Only StasisStart: the app subscribes when Stasis starts.
    expect(f.events.events.map((e) => e.type)).to.deep.equal(['StasisStart']);
  });

  it('waits for answer and for a prompt to end, presses keys 350 ms apart, speaks, hangs up', async () => {
    const call = f.sim.placeCall({
      app: 'hotline',
      script: [{ waitForAnswer: true }, { waitForPrompt: 'greeting', on: 'end' }, { press: '12#' }, { speak: 3000 }, { wait: 500 }, { hangup: true }],
    });
    await f.runUntil(() => f.events.has('StasisStart', call.id));
    expect((await f.http.request('POST', `/channels/${call.id}/answer`)).status).to.equal(204);
    await f.http.request('POST', `/channels/${call.id}/variable`, { variable: 'TALK_DETECT(set)', value: '' });
    const play = await f.http.request('POST', `/channels/${call.id}/play?media=sound:hotline/greeting&lang=zh_CN`);
    expect(play.status).to.equal(201);
    const end = await f.runUntil(() => f.events.has('StasisEnd', call.id));
    const keys = f.events.ofType('ChannelDtmfReceived', call.id);
    expect(keys.map((k) => k.digit).join('')).to.equal('12#');
    const times = keys.map((k) => Date.parse(String(k.timestamp).replace('+0000', 'Z')));
    expect(times[1]! - times[0]!).to.equal(350);
    expect(f.events.has('ChannelTalkingStarted', call.id)).to.equal(true);
    // Caller hung up 500 ms after speaking: before TALK_DETECT's 2.5 s of silence, so no Finished.
    expect(f.events.has('ChannelTalkingFinished', call.id)).to.equal(false);
    const hangup = f.events.ofType('ChannelHangupRequest', call.id)[0];
    expect(hangup).to.include({ cause: 16 });
    expect(hangup?.soft).to.equal(undefined);
    const result = await call.ended;
    expect(result).to.include({ by: 'caller', cause: 16, causeTxt: 'Normal Clearing', enteredStasis: true });
    expect(result.at).to.equal(end);
    expect(kinds(call.log)).to.deep.equal([
      'placed',
      'answered',
      'playback-started',
      'playback-finished',
      'key',
      'key',
      'key',
      'speech',
      'hangup',
    ]);
    const started = call.log.find((e) => e.kind === 'playback-started');
    expect(started).to.include({ media: 'sound:hotline/greeting', lang: 'zh_CN' });
    expect(call.log.find((e) => e.kind === 'playback-finished')).to.include({ status: 'done' });
    expect(f.sim.stats()).to.include({ channels: 0, timers: 0, playbacks: 0 });
  });

  it('waitForPrompt on start resolves when the prompt begins (or already plays)', async () => {
    const call = f.sim.placeCall({ app: 'hotline', script: [{ waitForPrompt: 'menu' }, { press: '2' }] });
    await f.runUntil(() => f.events.has('StasisStart', call.id));
    await f.http.request('POST', `/channels/${call.id}/answer`);
    await f.http.request('POST', `/channels/${call.id}/play/pb-menu?media=sound:hotline/menu&lang=en_US`);
    await f.runUntil(() => f.events.has('ChannelDtmfReceived', call.id));
    const started = f.events.ofType('PlaybackStarted')[0];
    const key = f.events.ofType('ChannelDtmfReceived', call.id)[0];
    // The key lands 100 ms (its own length) after the prompt began, mid-prompt: DTMF does not stop playback.
    expect(Date.parse(String(key?.timestamp).replace('+0000', 'Z')) - Date.parse(String(started?.timestamp).replace('+0000', 'Z'))).to.equal(100);
    await f.runUntil(() => f.events.has('PlaybackFinished'));
    expect((f.events.ofType('PlaybackFinished')[0]?.playback as { state: string }).state).to.equal('done');
    await f.http.request('DELETE', `/channels/${call.id}`);
    expect(await call.ended).to.include({ by: 'app', cause: 16 });
  });

  it('waits for MOH and for a bridge partner, and logs who it was bridged with', async () => {
    f.sim.defineEndpoint('PJSIP/2001', { kind: 'answer', afterMs: 3000 });
    const call = f.sim.placeCall({ app: 'hotline', script: [{ waitForMoh: true }, { waitForBridge: true }, { wait: 2000 }, { hangup: true }] });
    await f.runUntil(() => f.events.has('StasisStart', call.id));
    await f.http.request('POST', `/channels/${call.id}/answer`);
    await f.clock.advance(1000);
    await f.http.request('POST', `/channels/${call.id}/moh?mohClass=default`);
    await f.http.request('POST', '/bridges?type=mixing&bridgeId=b1');
    await f.http.request('POST', '/channels/create?endpoint=PJSIP/2001&app=hotline&appArgs=agent&channelId=agent-1');
    await f.runUntil(() => f.events.has('StasisStart', 'agent-1'));
    await f.http.request('POST', `/channels/agent-1/dial?caller=${call.id}&timeout=20`);
    await f.runUntil(() => f.events.ofType('Dial', 'agent-1').some((e) => e.dialstatus === 'ANSWER'));
    await f.http.request('DELETE', `/channels/${call.id}/moh`);
    await f.http.request('POST', `/bridges/b1/addChannel?channel=${call.id},agent-1`);
    await f.untilEnded(call);
    expect(kinds(call.log)).to.include.members(['moh-started', 'moh-stopped', 'entered-bridge', 'left-bridge', 'hangup']);
    const entered = call.log.filter((e) => e.kind === 'entered-bridge' || e.kind === 'bridge-peers');
    expect(entered.at(-1)).to.deep.include({ with: ['agent-1'] });
    // Silence: only the second between answer and MOH.
    expect(longestSilenceMs(call.log)).to.equal(1000);
    // The agent stays in the bridge; the app decides what to do with it.
    await f.clock.advance(100);
    expect(f.sim.channels().map((c) => c.id)).to.deep.equal(['agent-1']);
    const left = f.events.ofType('ChannelLeftBridge', call.id)[0];
    expect((left?.bridge as { channels: string[] }).channels).to.deep.equal(['agent-1']);
    await f.http.request('DELETE', '/channels/agent-1');
    await f.http.request('DELETE', '/bridges/b1');
    await f.clock.advance(10);
    expect(f.sim.stats()).to.include({ channels: 0, bridges: 0, timers: 0 });
  });

  it('a step that times out ends the script and the caller stays silent until hung up', async () => {
    const call = f.sim.placeCall({ app: 'hotline', script: [{ waitForPrompt: 'never', timeoutMs: 1000 }, { hangup: true }] });
    await f.runUntil(() => call.log.some((e) => e.kind === 'step-timeout'));
    await f.clock.advance(60_000);
    expect(f.sim.stats().channels).to.equal(1);
    await f.http.request('DELETE', `/channels/${call.id}?reason=busy`);
    const ended = await call.ended;
    expect(ended).to.include({ by: 'app', cause: 17, causeTxt: 'User busy' });
    expect(f.sim.stats()).to.include({ channels: 0, timers: 0 });
  });

  it('ringing indication is logged until answer, and in-band ringing after answer is stopped by a prompt', async () => {
    const call = f.sim.placeCall({ app: 'hotline', script: [] });
    await f.runUntil(() => f.events.has('StasisStart', call.id));
    await f.http.request('POST', `/channels/${call.id}/ring`);
    await f.clock.advance(2000);
    await f.http.request('POST', `/channels/${call.id}/answer`);
    await f.http.request('POST', `/channels/${call.id}/ring`);
    await f.clock.advance(1000);
    await f.http.request('POST', `/channels/${call.id}/play?media=sound:hotline/greeting&lang=zh_CN`);
    await f.runUntil(() => f.events.has('PlaybackFinished'));
    await f.http.request('DELETE', `/channels/${call.id}`);
    await call.ended;
    expect(call.log.filter((e) => e.kind.startsWith('ringing') || e.kind === 'answered').map((e) => `${e.kind}@${e.t}`)).to.deep.equal([
      'ringing-started@0',
      'answered@2000',
      'ringing-stopped@2000',
      'ringing-started@2000',
      'ringing-stopped@3000',
    ]);
  });

  it('a call to an app with no connected socket never enters Stasis and is hung up', async () => {
    const call = f.sim.placeCall({ app: 'nobody-listens', script: [{ wait: 1000 }] });
    const ended = await call.ended;
    expect(ended).to.include({ enteredStasis: false, by: 'asterisk' });
    expect(kinds(call.log)).to.deep.equal(['placed', 'stasis-failed', 'hangup']);
    expect(f.events.events).to.have.length(0);
    expect(f.sim.stats()).to.include({ channels: 0, timers: 0 });
  });

  it('talk detection follows the caller: started 80 ms into speech, finished after 2.5 s of silence', async () => {
    const call = f.sim.placeCall({ app: 'hotline', script: [{ wait: 1000 }, { speak: 1500 }, { wait: 600 }, { speak: 1000 }, { wait: 5000 }, { speak: 50 }] });
    await f.runUntil(() => f.events.has('StasisStart', call.id));
    const t0 = f.clock.now();
    await f.http.request('POST', `/channels/${call.id}/answer`);
    await f.http.request('POST', `/channels/${call.id}/variable`, { variable: 'TALK_DETECT(set)', value: '' });
    await f.clock.advance(12_000);
    const started = f.events.ofType('ChannelTalkingStarted', call.id);
    const finished = f.events.ofType('ChannelTalkingFinished', call.id);
    const rel = (e: Record<string, unknown> | undefined): number => Date.parse(String(e?.timestamp).replace('+0000', 'Z')) - t0;
    // The 600 ms pause is shorter than the threshold, so it is one talk; the 50 ms blip is not talk at all.
    expect(started.map(rel)).to.deep.equal([1080]);
    expect(finished.map(rel)).to.deep.equal([4100 + 2500]);
    expect(finished[0]?.duration).to.equal(4100 - 1080);
    expect(await f.http.request('POST', `/channels/${call.id}/variable`, { variable: 'TALK_DETECT(bogus)', value: '' })).to.deep.include({
      status: 400,
      body: { message: 'Failed to execute function' },
    });
  });

  it('speakThenMute: talking starts, and never finishes while no frames arrive; a later speak unmutes', async () => {
    const call = f.sim.placeCall({
      app: 'hotline',
      script: [{ wait: 1000 }, { speakThenMute: 1500 }, { wait: 20_000 }, { speak: 500 }, { wait: 10_000 }],
    });
    await f.runUntil(() => f.events.has('StasisStart', call.id));
    const t0 = f.clock.now();
    await f.http.request('POST', `/channels/${call.id}/answer`);
    await f.http.request('POST', `/channels/${call.id}/variable`, { variable: 'TALK_DETECT(set)', value: '' });
    const rel = (e: Record<string, unknown> | undefined): number => Date.parse(String(e?.timestamp).replace('+0000', 'Z')) - t0;
    // Muted from 2500 to 22500: far longer than the 2500 ms threshold, yet no TalkingFinished.
    await f.clock.advance(22_000);
    expect(f.events.ofType('ChannelTalkingStarted', call.id).map(rel)).to.deep.equal([1080]);
    expect(f.events.has('ChannelTalkingFinished', call.id)).to.equal(false);
    expect(call.log.filter((e) => e.kind === 'speech' || e.kind === 'muted').map((e) => `${e.kind}@${e.at - t0}`)).to.deep.equal([
      'speech@1000',
      'muted@2500',
    ]);
    // Speaking again sends frames: the same talk goes on, and ends 2500 ms after this speech.
    await f.clock.advance(10_000);
    expect(f.events.ofType('ChannelTalkingStarted', call.id)).to.have.length(1);
    const finished = f.events.ofType('ChannelTalkingFinished', call.id);
    expect(finished.map(rel)).to.deep.equal([23_000 + 2500]);
    expect(finished[0]?.duration).to.equal(23_000 - 1080);
  });
});

/** The timing facts the reference traces show, checked on replays of them. */
import { expect } from 'chai';
import { parseAriTime, type AriEventJson } from './support/event-recorder.js';
import { replayTrace } from './support/trace-replay.js';

const at = (e: AriEventJson | undefined): number => parseAriTime(String(e?.timestamp));
const find = (events: AriEventJson[], pred: (e: AriEventJson) => boolean): AriEventJson | undefined => events.find(pred);
const channelOf = (e: AriEventJson): string => String((e.channel as { id?: string } | undefined)?.id ?? (e.peer as { id?: string } | undefined)?.id);

describe('sim: timing facts from the traces', function () {
  this.timeout(10_000);

  it('sound:hello-world plays for about 1.4 s', async () => {
    const { events } = await replayTrace('answer-play-hangup');
    const started = find(events, (e) => e.type === 'PlaybackStarted');
    const finished = find(events, (e) => e.type === 'PlaybackFinished');
    expect(at(finished) - at(started)).to.be.within(1380, 1420);
    expect((finished?.playback as { state: string }).state).to.equal('done');
  });

  it('talking starts ~80 ms into speech and finishes ~2.5 s after it ends, duration excluding the threshold', async () => {
    const { events } = await replayTrace('talk-detect');
    const speechStart = find(events, (e) => e.type === 'ChannelDialplan' && e.dialplan_app === 'Playback' && e.dialplan_app_data === 'hello-world');
    const speechEndPlus80 = find(events, (e) => e.type === 'ChannelVarset' && e.variable === 'PLAYBACKSTATUS');
    const started = find(events, (e) => e.type === 'ChannelTalkingStarted');
    const finished = find(events, (e) => e.type === 'ChannelTalkingFinished');
    expect(at(started) - at(speechStart)).to.be.within(70, 95);
    expect(at(finished) - (at(speechEndPlus80) - 80)).to.be.within(2450, 2550);
    expect(finished?.duration).to.be.within(1200, 1280);
  });

  it('a dial with timeout=4 hangs the unanswered agent up after 4 s with cause 19', async () => {
    const { events } = await replayTrace('dial-noanswer-timeout');
    const dial = find(events, (e) => e.type === 'Dial' && e.dialstatus === '' && channelOf(e) === 'agent-7');
    const destroyed = find(events, (e) => e.type === 'ChannelDestroyed' && channelOf(e) === 'agent-7');
    expect(at(destroyed) - at(dial)).to.be.within(3990, 4020);
    expect(destroyed?.cause).to.equal(19);
    expect(events.filter((e) => e.type === 'Dial' && e.dialstatus === 'NOANSWER')).to.have.length(0);
  });

  it('a busy agent reports BUSY at once and is destroyed with cause 17 when Busy(5) ends', async () => {
    const { events } = await replayTrace('dial-busy');
    const dial = find(events, (e) => e.type === 'Dial' && e.dialstatus === '' && channelOf(e) === 'agent-6');
    const busy = find(events, (e) => e.type === 'Dial' && e.dialstatus === 'BUSY');
    const destroyed = find(events, (e) => e.type === 'ChannelDestroyed' && channelOf(e) === 'agent-6');
    expect(at(busy) - at(dial)).to.be.below(5);
    expect(at(destroyed) - at(dial)).to.be.within(4990, 5020);
    expect(destroyed?.cause).to.equal(17);
  });

  it('SendDTMF keys arrive ~350 ms apart with duration 100, and digits: take ~840 ms per digit', async () => {
    const { events } = await replayTrace('dtmf-digits');
    const keys = events.filter((e) => e.type === 'ChannelDtmfReceived');
    expect(keys.map((k) => k.digit).join('')).to.equal('13800138000#');
    for (let i = 1; i < keys.length; i++) expect(at(keys[i]) - at(keys[i - 1])).to.be.within(340, 360);
    expect(keys.every((k) => k.duration_ms === 100)).to.equal(true);
    const started = find(events, (e) => e.type === 'PlaybackStarted');
    const finished = find(events, (e) => e.type === 'PlaybackFinished');
    expect(at(finished) - at(started)).to.be.within(11 * 840 - 30, 11 * 840 + 30);
  });

  it('a recording ends maxSilenceSeconds after speech, with whole-second durations', async () => {
    const { events } = await replayTrace('record-voice');
    const speechEndPlus80 = find(events, (e) => e.type === 'ChannelVarset' && e.variable === 'PLAYBACKSTATUS');
    const finished = find(events, (e) => e.type === 'RecordingFinished');
    expect(at(finished) - (at(speechEndPlus80) - 80)).to.be.within(2980, 3030);
    expect(finished?.recording).to.include({ state: 'done', duration: 2, talking_duration: 2, silence_duration: 0 });
  });

  it('the hangup3 caller hangs up 3 s after answering, and the playback fails before StasisEnd', async () => {
    const { events } = await replayTrace('caller-hangs-up-during-playback');
    const wait = find(events, (e) => e.type === 'ChannelDialplan' && e.dialplan_app === 'Wait');
    const hangup = find(events, (e) => e.type === 'ChannelHangupRequest');
    expect(at(hangup) - at(wait)).to.be.within(2990, 3010);
    const types = events.filter((e) => channelOf(e) === 'caller-4' || e.type === 'PlaybackFinished').map((e) => e.type);
    expect(types.indexOf('PlaybackFinished')).to.be.below(types.indexOf('StasisEnd'));
  });
});

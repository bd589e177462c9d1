import { expect } from 'chai';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { CallerInput } from '../../src/call/caller-input.js';
import type { ChannelHandle } from '../../src/ari/channel-handle.js';
import type { AriEvent, Channel } from '../../src/ari/types.js';

const channel = { id: 'c1' } as Channel;

/** Just enough of a channel to feed events to CallerInput. */
function fakeChannel(): { handle: ChannelHandle; emit: (e: AriEvent) => void } {
  let listener: ((e: AriEvent) => void) | undefined;
  const handle = { onEvent: (l: (e: AriEvent) => void) => ((listener = l), () => (listener = undefined)) } as unknown as ChannelHandle;
  return { handle, emit: (e) => listener?.(e) };
}

describe('CallerInput: keys and speech', () => {
  it('a stretch of speech is heard once, not again at the next question', () => {
    const clock = new VirtualClock(0);
    const ch = fakeChannel();
    const input = new CallerInput(ch.handle, clock);
    ch.emit({ type: 'ChannelTalkingStarted', channel });
    expect(input.hasFreshSpeech()).to.equal(true);
    input.markSpeechAnswered();
    expect(input.hasFreshSpeech()).to.equal(false);
    expect(input.isTalking()).to.equal(true);
    ch.emit({ type: 'ChannelTalkingFinished', duration: 1000, channel });
    ch.emit({ type: 'ChannelTalkingStarted', channel });
    expect(input.hasFreshSpeech()).to.equal(true);
  });

  it('speech with no reported end (no audio frames) goes stale instead of counting forever', async () => {
    const clock = new VirtualClock(0);
    const ch = fakeChannel();
    const input = new CallerInput(ch.handle, clock);
    ch.emit({ type: 'ChannelTalkingStarted', channel });
    await clock.advance(19_000);
    expect(input.isTalking()).to.equal(true);
    await clock.advance(2_000);
    expect(input.isTalking()).to.equal(false);
    expect(input.hasFreshSpeech()).to.equal(false);
  });

  it('buffers keys pressed ahead, in order', () => {
    const clock = new VirtualClock(0);
    const ch = fakeChannel();
    const input = new CallerInput(ch.handle, clock);
    for (const d of ['1', '2']) ch.emit({ type: 'ChannelDtmfReceived', digit: d, duration_ms: 100, channel });
    expect([input.takeKey(), input.takeKey(), input.takeKey()]).to.deep.equal(['1', '2', undefined]);
  });
});

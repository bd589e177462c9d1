import { expect } from 'chai';
import { startHarness, at, promptsPlayed, type Harness } from '../helpers/harness.js';
import { longestSilenceMs } from '../../src/sim/index.js';

describe('flows: greeting and the silent line (virtual time, simulator)', function () {
  let h: Harness;
  beforeEach(async () => (h = await startHarness()));
  afterEach(async () => h.close());

  it('answers before anything else and plays the four-part greeting, then the menu', async () => {
    const s = await h.call([{ waitForPrompt: 'menu-options', on: 'end' }, { hangup: true }]);
    const answered = at(s, 'answered')[0] ?? Infinity;
    const firstPrompt = at(s, 'prompt-started')[0] ?? -1;
    expect(answered).to.be.at.most(100);
    expect(firstPrompt).to.be.at.least(answered);
    expect(promptsPlayed(s).slice(0, 5)).to.deep.equal(['greeting-courtesy', 'greeting-organisation', 'greeting-line', 'offer-help', 'menu-options']);
  });

  it('silent caller: offer repeated 5 s after the greeting, no-sound close 5 s later, hang-up 5 s after that', async () => {
    const s = await h.call([]);
    const greetingEnd = at(s, 'prompt-finished', 'menu-language-option')[0] as number;
    const repeat = at(s, 'prompt-started', 'offer-help-again')[0] as number;
    const repeatEnd = at(s, 'prompt-finished', 'offer-help-again')[0] as number;
    const close = at(s, 'prompt-started', 'no-sound-close')[0] as number;
    const closeEnd = at(s, 'prompt-finished', 'no-sound-close')[0] as number;
    const hangup = at(s, 'hangup')[0] as number;
    expect(repeat - greetingEnd).to.be.within(5_000, 5_050);
    expect(close - repeatEnd).to.be.within(5_000, 5_050);
    expect(hangup - closeEnd).to.be.within(5_000, 5_050);
    expect(s.endedBy).to.equal('us');
    // The offer is repeated once only, and the caller never waits longer than the 5 s silences.
    expect(promptsPlayed(s).filter((p) => p === 'offer-help-again')).to.have.length(1);
    expect(longestSilenceMs(s.simCall.log)).to.be.at.most(5_050);
  });

  it('a caller who hangs up during the no-sound grace period is not hung up on', async () => {
    const s = await h.call([{ waitForPrompt: 'no-sound-close', on: 'end' }, { wait: 2_000 }, { hangup: true }]);
    expect(s.endedBy).to.equal('caller');
    const closeEnd = at(s, 'prompt-finished', 'no-sound-close')[0] as number;
    expect((at(s, 'hangup')[0] as number) - closeEnd).to.be.within(2_000, 2_050);
  });

  it('a key press counts as heard: no repeat, the menu choice is taken', async () => {
    const s = await h.call([{ waitForPrompt: 'menu-options', on: 'end' }, { wait: 1_000 }, { press: '3' }, { waitForPrompt: 'goodbye', on: 'end' }, { hangup: true }]);
    expect(promptsPlayed(s)).to.not.include('offer-help-again');
    expect(promptsPlayed(s)).to.include('opening-hours-info');
  });

  it('speech counts as heard: no silent-line repeat while the caller talks', async () => {
    const s = await h.call([{ waitForPrompt: 'menu-language-option', on: 'end' }, { wait: 1_000 }, { speak: 2_000 }, { waitForPrompt: 'sorry-not-understood', on: 'end' }, { hangup: true }]);
    expect(promptsPlayed(s)).to.not.include('offer-help-again');
    const heard = s.timeline.find((e) => e.kind === 'heard');
    expect(heard?.['via']).to.equal('speech');
  });

  it('a prompt that fails to play does not leave the caller in silence', async () => {
    await h.close();
    h = await startHarness({ config: { prompts: { greeting: ['greeting-courtesy', 'no-such-prompt', 'offer-help'] } } as never });
    const s = await h.call([{ waitForPrompt: 'menu-options', on: 'end' }, { hangup: true }]);
    const failed = s.timeline.find((e) => e.kind === 'prompt-finished' && e['prompt'] === 'no-such-prompt');
    expect(failed?.['status']).to.equal('failed');
    const next = at(s, 'prompt-started', 'offer-help')[0] as number;
    expect(next - (failed?.t ?? 0)).to.be.at.most(50);
    expect(longestSilenceMs(s.simCall.log)).to.be.at.most(500);
  });
});

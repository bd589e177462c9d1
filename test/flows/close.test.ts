import { expect } from 'chai';
import { startHarness, at, promptsPlayed, type Harness } from '../helpers/harness.js';

describe('flows: polite close (virtual time, simulator)', function () {
  let h: Harness;
  beforeEach(async () => (h = await startHarness()));
  afterEach(async () => h.close());

  it('asks "anything else?", thanks, says goodbye, and hangs up 2 s later if the caller has not', async () => {
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '3' }]);
    const played = promptsPlayed(s);
    const i = played.indexOf('anything-else');
    expect(played.slice(i)).to.deep.equal(['anything-else', 'thanks-for-calling', 'goodbye']);
    const byeEnd = at(s, 'prompt-finished', 'goodbye')[0] as number;
    expect((at(s, 'hangup')[0] as number) - byeEnd).to.be.within(2_000, 2_050);
    expect(s.endedBy).to.equal('us');
  });

  it('lets the caller hang up first: no hang-up from us when they leave within the grace period', async () => {
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '3' }, { waitForPrompt: 'goodbye', on: 'end' }, { wait: 1_000 }, { hangup: true }]);
    expect(s.endedBy).to.equal('caller');
    const hangups = s.simCall.log.filter((e) => e.kind === 'hangup');
    expect(hangups.map((e) => (e as { by?: string }).by)).to.deep.equal(['caller']);
  });

  it('key 1 at "anything else?" returns to the menu', async () => {
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '3' }, { waitForPrompt: 'anything-else' }, { press: '1' }, { waitForPrompt: 'menu-options', on: 'end' }, { hangup: true }]);
    const ask = at(s, 'prompt-started', 'anything-else')[0] as number;
    expect(at(s, 'prompt-started', 'menu-options').some((t) => t > ask)).to.equal(true);
    expect(promptsPlayed(s)).to.not.include('goodbye');
  });
});

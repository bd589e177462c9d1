import { expect } from 'chai';
import { startHarness, at, promptsPlayed, type Harness } from '../helpers/harness.js';

describe('graceful shutdown (simulator, virtual time)', function () {
  let h: Harness;
  beforeEach(async () => (h = await startHarness()));
  afterEach(async () => h.close());

  it('turns new calls away politely and closes calls still running at the deadline with a goodbye', async () => {
    const first = h.place([{ waitForPrompt: 'menu-options' }, { press: '2' }]);
    await h.clock.advance(15_000);
    let drained = false;
    void h.service.runner.drain(10_000).then(() => (drained = true));
    const late = h.sim.placeCall({ app: 'hotline', from: '13900000009', script: [] });
    await h.clock.runUntil(() => drained, { maxMs: 60_000 });
    const s = first.ended();
    expect(s, 'the running call was ended').to.not.equal(undefined);
    expect(s?.endedBy).to.equal('us');
    const played = promptsPlayed(s!);
    expect(played.slice(-2)).to.deep.equal(['thanks-for-calling', 'goodbye']);
    // The drain's goodbye keeps the close's grace: 2 s for the caller to hang up first.
    expect((at(s!, 'hangup')[0] as number) - (at(s!, 'prompt-finished', 'goodbye')[0] as number)).to.be.within(2_000, 2_050);
    await h.clock.advance(20_000);
    const heard = late.log.filter((e) => e.kind === 'playback-started').map((e) => String((e as { media?: string }).media));
    expect(heard).to.deep.equal(['sound:hotline/service-unavailable']);
    // The turned-away caller gets the failed-call grace period (5 s) to hang up first.
    const apologyEnd = late.log.find((e) => e.kind === 'playback-finished')?.at ?? 0;
    const hungUp = late.log.find((e) => e.kind === 'hangup');
    expect(hungUp?.at ?? 0).to.be.within(apologyEnd + 5_000, apologyEnd + 5_050);
  });
});

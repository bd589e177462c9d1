import { expect } from 'chai';
import { startHarness, promptsPlayed, type Harness } from '../helpers/harness.js';

/** Ms between the end of the last thing the caller heard and our hang-up, from the caller's side. */
function graceHeard(log: readonly { kind: string; t: number }[]): number {
  const hangup = log.find((e) => e.kind === 'hangup') as { t: number };
  const lastEnd = log.filter((e) => e.kind === 'playback-finished' && e.t <= hangup.t).at(-1) as { t: number };
  return hangup.t - lastEnd.t;
}

/** The ARI connection drops in the middle of a call (network blip, Asterisk HTTP restart). */
describe('ARI outage during a call (simulator, virtual time)', function () {
  let h: Harness;
  afterEach(async () => h.close());

  it('a short outage pauses the flow; after the reconnect the call carries on and ends properly', async () => {
    // First reconnect attempt about 10 s after the drop.
    h = await startHarness({ ari: { backoff: { baseMs: 10_000, random: () => 0.99 } } });
    const call = h.place([]);
    await h.clock.advance(3_000);
    h.service.client.dropConnectionForTest();
    await h.clock.runUntil(() => call.ended() !== undefined, { maxMs: 300_000 });
    const s = call.ended()!;
    const statuses = s.timeline.filter((e) => e.kind === 'prompt-finished').map((e) => String(e['status']));
    // At most the prompt playing when the socket dropped is lost (its end was never seen).
    expect(statuses.filter((x) => x !== 'finished' && x !== 'stopped').length).to.be.at.most(1);
    expect(promptsPlayed(s)).to.include.members(['offer-help-again', 'no-sound-close']);
    expect(s.timeline.some((e) => e.kind === 'readopted')).to.equal(true);
    expect(s.endedBy).to.equal('us');
    // The no-sound close keeps its 5 s grace after the recovery too.
    const closeEnd = s.timeline.filter((e) => e.kind === 'prompt-finished' && e['prompt'] === 'no-sound-close').at(-1)?.t ?? 0;
    expect((s.timeline.find((e) => e.kind === 'hangup')?.t ?? 0) - closeEnd).to.be.at.least(5_000);
    await h.clock.advance(1_000);
    expect(h.sim.stats().channels).to.equal(0);
  });

  it('an outage longer than the grace: once we are back the caller hears an apology and the hotline again', async () => {
    // Back after about two minutes: the flow has given up and ended by then.
    h = await startHarness({ ari: { outageGraceMs: 3_000, backoff: { baseMs: 120_000, capMs: 200_000, random: () => 0.99 } } });
    const simCall = h.sim.placeCall({ app: 'hotline', from: '13900000008', to: '4000', script: [] });
    await h.clock.advance(3_000);
    h.service.client.dropConnectionForTest();
    await h.clock.runUntil(() => simCall.log.some((e) => e.kind === 'hangup'), { maxMs: 300_000 });
    const heard = simCall.log.filter((e) => e.kind === 'playback-started').map((e) => String((e as { media?: string }).media));
    const afterOutage = heard.slice(heard.indexOf('sound:hotline/sorry-interrupted'));
    expect(afterOutage.slice(0, 2)).to.deep.equal(['sound:hotline/sorry-interrupted', 'sound:hotline/greeting-courtesy']);
    // A silent caller then gets the silent-line close as usual.
    expect(afterOutage).to.include('sound:hotline/no-sound-close');
    const hangup = simCall.log.find((e) => e.kind === 'hangup') as { by?: string } | undefined;
    expect(hangup?.by).to.equal('app');
    expect(graceHeard(simCall.log)).to.be.at.least(5_000);
    expect(h.sim.stats().channels).to.equal(0);
  });

  it('an outage right after the goodbye: once we are back the call is only hung up, with no more prompts', async () => {
    h = await startHarness({ ari: { outageGraceMs: 1_000, backoff: { baseMs: 60_000, capMs: 100_000, random: () => 0.99 } } });
    let timeline: (() => { kind: string; prompt?: unknown; status?: unknown }[]) | undefined;
    h.service.runner.on('call-started', (ctx: { timeline: { entries(): { kind: string; prompt?: unknown; status?: unknown }[] } }) => {
      timeline = () => ctx.timeline.entries();
    });
    const simCall = h.sim.placeCall({ app: 'hotline', from: '13900000007', to: '4000', script: [{ waitForPrompt: 'menu-options' }, { press: '3' }] });
    await h.clock.runUntil(() => Boolean(timeline?.().some((e) => e.kind === 'prompt-finished' && e.prompt === 'goodbye')), { maxMs: 120_000 });
    h.service.client.dropConnectionForTest();
    await h.clock.runUntil(() => simCall.log.some((e) => e.kind === 'hangup'), { maxMs: 300_000 });
    const heard = simCall.log.filter((e) => e.kind === 'playback-started').map((e) => String((e as { media?: string }).media));
    expect(heard.at(-1)).to.equal('sound:hotline/goodbye');
    expect(heard).to.not.include('sound:hotline/sorry-interrupted');
    expect((simCall.log.find((e) => e.kind === 'hangup') as { by?: string }).by).to.equal('app');
    expect(graceHeard(simCall.log)).to.be.at.least(2_000);
  });
});

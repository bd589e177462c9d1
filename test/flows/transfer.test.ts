import { expect } from 'chai';
import { startHarness, at, promptsPlayed, type Harness } from '../helpers/harness.js';

describe('flows: transfer (virtual time, simulator)', function () {
  let h: Harness;
  afterEach(async () => h.close());

  it('announces the transfer, rings with music, bridges on answer, and closes politely when the agent leaves', async () => {
    h = await startHarness({ endpoints: { 'PJSIP/2001': { kind: 'answer', afterMs: 4_000, hangupAfterMs: 6_000 } } });
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '1' }, { waitForBridge: true, timeoutMs: 60_000 }, { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 60_000 }, { hangup: true }]);
    const played = promptsPlayed(s);
    expect(played).to.include('transfer-to-sales');
    const announced = at(s, 'prompt-finished', 'transfer-to-sales')[0] as number;
    const dialed = at(s, 'dial-started')[0] as number;
    expect(dialed).to.be.at.least(announced);
    expect(s.timeline.find((e) => e.kind === 'dial-result')?.['result']).to.equal('answered');
    expect(s.timeline.find((e) => e.kind === 'unbridged')?.['by']).to.equal('agent');
    expect(played.slice(-3)).to.deep.equal(['anything-else', 'thanks-for-calling', 'goodbye']);
    expect(s.simCall.log.some((e) => e.kind === 'moh-started')).to.equal(true);
  });

  it('a busy target: the caller hears the colleague is busy and is asked for a callback number', async () => {
    h = await startHarness();
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '0' }, { waitForPrompt: 'callback-enter-number' }, { hangup: true }]);
    expect(s.timeline.find((e) => e.kind === 'dial-result')?.['result']).to.equal('busy');
    const played = promptsPlayed(s);
    expect(played.indexOf('target-busy')).to.be.lessThan(played.indexOf('callback-enter-number'));
  });

  it('no answer within the ring time: a progress line every 30 s while ringing, then callback capture', async () => {
    h = await startHarness({ endpoints: { 'PJSIP/2001': { kind: 'noanswer' } }, config: { targets: { sales: { ringTimeoutSeconds: 45 } } } as never });
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '1' }, { waitForPrompt: 'callback-enter-number', timeoutMs: 120_000 }, { hangup: true }]);
    const dialed = at(s, 'dial-started')[0] as number;
    const result = s.timeline.find((e) => e.kind === 'dial-result');
    expect(result?.['result']).to.equal('no-answer');
    expect((result?.t ?? 0) - dialed).to.be.within(45_000, 45_100);
    const checkIn = at(s, 'prompt-started', 'transfer-still-ringing')[0] as number;
    expect(checkIn - (at(s, 'hold-started')[0] as number)).to.be.within(30_000, 30_050);
    expect(promptsPlayed(s)).to.include('target-busy');
  });

  it('a caller who hangs up while the target rings leaves no agent channel behind', async () => {
    h = await startHarness({ endpoints: { 'PJSIP/2001': { kind: 'noanswer' } } });
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '1' }, { waitForMoh: true }, { wait: 3_000 }, { hangup: true }]);
    expect(s.endedBy).to.equal('caller');
    await h.clock.advance(1_000);
    expect(h.sim.stats().channels).to.equal(0);
  });
});

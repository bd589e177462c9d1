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

  it('a busy target: the caller hears the colleague is busy, then the choice, and key 1 asks for a callback number', async () => {
    h = await startHarness();
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '0' }, { waitForPrompt: 'busy-choice', on: 'end' }, { press: '1' }, { waitForPrompt: 'callback-enter-number' }, { hangup: true }]);
    expect(s.timeline.find((e) => e.kind === 'dial-result')?.['result']).to.equal('busy');
    const played = promptsPlayed(s);
    expect(played.indexOf('target-busy')).to.be.lessThan(played.indexOf('busy-choice'));
    expect(played.indexOf('busy-choice')).to.be.lessThan(played.indexOf('callback-enter-number'));
    // The service desk itself was busy: it is not offered again.
    expect(played).to.not.include('busy-choice-desk');
  });

  it('busy: key 2 at the choice is helped now from the menu, nothing is asked for', async () => {
    h = await startHarness();
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '0' }, { waitForPrompt: 'busy-choice', on: 'end' }, { press: '2' }, { waitForPrompt: 'menu-options', on: 'end' }, { press: '3' }, { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 60_000 }, { hangup: true }]);
    const played = promptsPlayed(s);
    expect(played).to.not.include('callback-enter-number');
    expect(played.slice(played.indexOf('busy-choice'))).to.include.members(['menu-options', 'opening-hours-info']);
  });

  it('busy sales: key 0 at the choice goes to the service desk; a key typed while the busy line plays counts', async () => {
    h = await startHarness({ endpoints: { 'PJSIP/2001': { kind: 'busy' }, 'PJSIP/2002': { kind: 'answer', afterMs: 2_000, hangupAfterMs: 3_000 } } });
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '1' }, { waitForPrompt: 'target-busy' }, { wait: 500 }, { press: '0' }, { waitForBridge: true, timeoutMs: 60_000 }, { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 60_000 }, { hangup: true }]);
    const dials = s.timeline.filter((e) => e.kind === 'dial-started').map((e) => e['target']);
    expect(dials).to.deep.equal(['sales', 'service-desk']);
    expect(s.timeline.find((e) => e.kind === 'busy-choice')?.['key']).to.equal('0');
  });

  it('a dial that fails is said truly ("could not reach"), not "on another call"', async () => {
    h = await startHarness({ endpoints: { 'PJSIP/2001': { kind: 'unavailable' }, 'PJSIP/2002': { kind: 'busy' } } });
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '1' }, { waitForPrompt: 'busy-choice', on: 'end' }, { hangup: true }]);
    expect(s.timeline.find((e) => e.kind === 'dial-result')?.['result']).to.equal('failed');
    const played = promptsPlayed(s);
    expect(played).to.include('target-unavailable');
    expect(played).to.not.include('target-busy');
  });

  it('no answer within the ring time: a progress line every 30 s while ringing, then callback capture', async () => {
    h = await startHarness({ endpoints: { 'PJSIP/2001': { kind: 'noanswer' } }, config: { targets: { sales: { ringTimeoutSeconds: 45 } } } as never });
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '1' }, { waitForPrompt: 'busy-choice-desk', on: 'end', timeoutMs: 120_000 }, { press: '1' }, { waitForPrompt: 'callback-enter-number' }, { hangup: true }]);
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

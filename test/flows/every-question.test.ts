/**
 * The rules of `ask` at the questions beyond the greeting (issue: every
 * path, item 4): a caller heard during the no-sound close is served again;
 * an endless stream of invalid keys still hears the apology and the menu
 * whole once, and the last miss is apologised for before the close.
 */
import { expect } from 'chai';
import { startHarness, at, promptsPlayed, type Harness } from '../helpers/harness.js';
import { failingQueue } from '../helpers/failing-queue.js';

describe('flows: every question keeps the rules (virtual time, simulator)', function () {
  let h: Harness;
  afterEach(async () => h.close());

  it('silent after the greeting, then a key during the no-sound close: served again from the menu, not hung up on', async () => {
    h = await startHarness();
    const s = await h.call([{ waitForPrompt: 'no-sound-close', timeoutMs: 60_000 }, { wait: 1_500 }, { press: '3' },
      { waitForPrompt: 'menu-options', on: 'end' }, { press: '3' }, { waitForPrompt: 'anything-else', on: 'end', timeoutMs: 60_000 }, { hangup: true }]);
    const played = promptsPlayed(s);
    const closeAt = played.indexOf('no-sound-close');
    expect(played.slice(closeAt + 1)).to.include.members(['menu-options', 'opening-hours-info']);
    expect(s.endedBy).to.equal('caller');
  });

  it('speech during the no-sound grace counts as heard too', async () => {
    h = await startHarness();
    const s = await h.call([{ waitForPrompt: 'no-sound-close', on: 'end', timeoutMs: 60_000 }, { wait: 2_000 }, { speak: 600 },
      { waitForPrompt: 'menu-options', on: 'end' }, { hangup: true }]);
    expect(promptsPlayed(s).lastIndexOf('menu-options')).to.be.greaterThan(promptsPlayed(s).indexOf('no-sound-close'));
    expect(s.endedBy).to.equal('caller');
  });

  it('invalid keys without end: the apology and the menu are heard whole once, every miss is apologised for, then the close (onExhausted: close)', async () => {
    h = await startHarness({ config: { menu: { onExhausted: 'close' } } as never });
    const pressing = Array.from({ length: 120 }, () => [{ press: '7' }, { wait: 400 }]).flat();
    const s = await h.call([{ waitForPrompt: 'greeting-courtesy' }, ...pressing, { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 120_000 }, { hangup: true }]);
    const finished = s.timeline.filter((e) => e.kind === 'prompt-finished');
    const whole = (id: string): number => finished.filter((e) => e['prompt'] === id && e['status'] === 'finished').length;
    expect(whole('sorry-not-understood')).to.equal(3);
    expect(whole('menu-options')).to.be.at.least(1);
    const lastSorry = at(s, 'prompt-started', 'sorry-not-understood').at(-1) as number;
    expect(at(s, 'prompt-started', 'thanks-for-calling')[0]).to.be.greaterThan(lastSorry);
  });

  it('the store failing: the caller hears the truth and is really connected to the service desk', async () => {
    h = await startHarness({ callbacks: failingQueue(), endpoints: { 'PJSIP/2001': { kind: 'busy' }, 'PJSIP/2002': { kind: 'answer', afterMs: 2_000, hangupAfterMs: 3_000 } } });
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '1' }, { waitForPrompt: 'busy-choice', on: 'end' }, { press: '1' },
      { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '13800138000#' }, { waitForPrompt: 'callback-confirm', on: 'end' }, { press: '1' },
      { waitForPrompt: 'callback-record-name', on: 'end' }, { speak: 1_000 }, { waitForBridge: true, timeoutMs: 120_000 }, { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 60_000 }, { hangup: true }]);
    const played = promptsPlayed(s);
    expect(played).to.not.include('callback-stored');
    expect(played.indexOf('callback-store-failed')).to.be.lessThan(played.lastIndexOf('transfer-to-agent'));
    expect(s.timeline.filter((e) => e.kind === 'dial-started').map((e) => e['target'])).to.deep.equal(['sales', 'service-desk']);
    expect(at(s, 'bridged')).to.have.length(1);
  });
});

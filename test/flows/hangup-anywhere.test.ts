import { expect } from 'chai';
import { startHarness, type Harness } from '../helpers/harness.js';
import { sleep } from '../../src/clock/clock.js';
import type { CallerStep } from '../../src/sim/index.js';

/** Paths to each step of each flow; the caller hangs up as the named prompt starts. */
const STEPS: { name: string; path: CallerStep[]; prompt: string }[] = [
  { name: 'greeting', path: [], prompt: 'greeting-organisation' },
  { name: 'menu', path: [], prompt: 'menu-options' },
  { name: 'silent-line repeat', path: [], prompt: 'offer-help-again' },
  { name: 'no-sound close', path: [], prompt: 'no-sound-close' },
  { name: 'menu apology', path: [{ waitForPrompt: 'menu-options' }, { press: '7' }], prompt: 'sorry-not-understood' },
  { name: 'info', path: [{ waitForPrompt: 'menu-options' }, { press: '3' }], prompt: 'opening-hours-info' },
  { name: 'anything else', path: [{ waitForPrompt: 'menu-options' }, { press: '3' }], prompt: 'anything-else' },
  { name: 'goodbye', path: [{ waitForPrompt: 'menu-options' }, { press: '3' }], prompt: 'goodbye' },
  { name: 'hold permission', path: [{ waitForPrompt: 'menu-options' }, { press: '2' }], prompt: 'hold-ask-permission' },
  { name: 'hold check-in', path: [{ waitForPrompt: 'menu-options' }, { press: '2' }], prompt: 'hold-check-in' },
  { name: 'hold callback offer', path: [{ waitForPrompt: 'menu-options' }, { press: '2' }], prompt: 'hold-callback-offer' },
  { name: 'transfer announce', path: [{ waitForPrompt: 'menu-options' }, { press: '1' }], prompt: 'transfer-to-sales' },
  { name: 'ringing check-in', path: [{ waitForPrompt: 'menu-options' }, { press: '1' }], prompt: 'transfer-still-ringing' },
  { name: 'target busy', path: [{ waitForPrompt: 'menu-options' }, { press: '0' }], prompt: 'target-busy' },
  { name: 'busy choice', path: [{ waitForPrompt: 'menu-options' }, { press: '0' }], prompt: 'busy-choice' },
  { name: 'number entry', path: [{ waitForPrompt: 'menu-options' }, { press: '0' }, { waitForPrompt: 'busy-choice', on: 'end' }, { press: '1' }], prompt: 'callback-enter-number' },
  { name: 'read-back', path: [{ waitForPrompt: 'menu-options' }, { press: '0' }, { waitForPrompt: 'busy-choice', on: 'end' }, { press: '1' }, { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '13800138000#' }], prompt: 'callback-you-entered' },
  { name: 'confirm', path: [{ waitForPrompt: 'menu-options' }, { press: '0' }, { waitForPrompt: 'busy-choice', on: 'end' }, { press: '1' }, { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '13800138000#' }], prompt: 'callback-confirm' },
  { name: 'name prompt', path: [{ waitForPrompt: 'menu-options' }, { press: '0' }, { waitForPrompt: 'busy-choice', on: 'end' }, { press: '1' }, { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '13800138000#' }, { waitForPrompt: 'callback-confirm', on: 'end' }, { press: '1' }], prompt: 'callback-record-name' },
  { name: 'stored confirmation', path: [{ waitForPrompt: 'menu-options' }, { press: '0' }, { waitForPrompt: 'busy-choice', on: 'end' }, { press: '1' }, { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '13800138000#' }, { waitForPrompt: 'callback-confirm', on: 'end' }, { press: '1' }], prompt: 'callback-stored' },
];

describe('flows: a caller who hangs up at any step', function () {
  let h: Harness;
  before(async () => {
    h = await startHarness({
      endpoints: { 'PJSIP/2001': { kind: 'noanswer' }, 'PJSIP/2002': { kind: 'busy' } },
      config: { targets: { sales: { ringTimeoutSeconds: 60 } } } as never,
      lookup: (_r, signal) => sleep(h.clock, 600_000, signal).catch(() => undefined),
    });
  });
  after(async () => h.close());

  for (const step of STEPS) {
    it(`${step.name}: the call ends cleanly and leaves no timer, listener or channel`, async () => {
      const timersBefore = h.clock.pendingTimers();
      const s = await h.call([...step.path, { waitForPrompt: step.prompt, timeoutMs: 400_000 }, { wait: 200 }, { hangup: true }]);
      expect(s.timeline.some((e) => e.kind === 'prompt-started' && e['prompt'] === step.prompt), `reached ${step.prompt}`).to.equal(true);
      expect(s.endedBy).to.equal('caller');
      expect(s.timeline.filter((e) => e.kind === 'error')).to.deep.equal([]);
      // Soon after the call, not after every pending wait has run out: a timer
      // the call left behind must not hide behind a long advance.
      await h.clock.advance(1_000);
      expect(h.clock.pendingTimers(), 'timers left').to.equal(timersBefore);
      const stats = h.service.client.stats();
      expect(stats.channels, 'tracked channels').to.equal(0);
      expect(stats.listeners).to.deep.equal({ channels: 0, channelListeners: 0, playbacks: 0, recordings: 0 });
      expect(h.sim.stats().channels, 'channels in the simulator').to.equal(0);
      expect(h.service.runner.activeCalls()).to.equal(0);
    });
  }
});

/**
 * ARI faults injected by the simulator (#12 item 2), on virtual time, in
 * whichever transport the suite runs (ARI_TRANSPORT): each call ends
 * politely (an apology where the channel still exists, then the close),
 * its runner finishes, and nothing is left behind.
 */
import { expect } from 'chai';
import { startHarness, at, promptsPlayed, type Harness } from '../helpers/harness.js';
import { expectNothingLeft } from './support/leak-check.js';
import type { CallerStep } from '../../src/sim/index.js';
import { loadPromptLengths } from '../../src/sounds/prompt-lengths.js';

const SILENT: CallerStep[] = [];
const MENU_THEN_GOODBYE: CallerStep[] = [{ waitForPrompt: 'menu-options' }, { press: '3' }, { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 60_000 }, { wait: 500 }, { hangup: true }];
const LEAVES_CALLBACK: CallerStep[] = [
  { waitForPrompt: 'menu-options' }, { press: '0' }, { waitForPrompt: 'busy-choice', on: 'end' }, { press: '1' },
  { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '13800138000#' },
  { waitForPrompt: 'callback-confirm', on: 'end' }, { press: '1' },
  { waitForPrompt: 'callback-record-name', on: 'end' }, { wait: 300 }, { speak: 1_500 },
  { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 180_000 }, { hangup: true },
];

/** Media the caller heard start, in order (the simulator's view: what reached the phone). */
function heard(log: readonly { kind: string }[]): string[] {
  return log.filter((e) => e.kind === 'playback-started').map((e) => String((e as { media?: string }).media).replace('sound:hotline/', ''));
}

describe('reliability: ARI faults injected by the simulator (virtual time)', function () {
  this.timeout(60_000);
  let h: Harness;
  let timersBefore: number;
  beforeEach(async () => {
    h = await startHarness();
    timersBefore = h.clock.pendingTimers();
  });
  afterEach(async () => h.close());

  it('500 on the answer: the caller hears an apology, then the goodbye, then we hang up', async () => {
    h.sim.faults.add({ kind: 'status', status: 500, match: { method: 'POST', path: /\/answer$/ } });
    const s = await h.call(SILENT);
    const p = promptsPlayed(s);
    expect(p.slice(0, 1)).to.deep.equal(['sorry-interrupted']);
    expect(p).to.include('goodbye');
    expect(s.endedBy).to.equal('us');
    expect(h.sim.faults.injected().byKind.status).to.equal(1);
    await expectNothingLeft(h, timersBefore);
  });

  it('500 on a prompt twice: it is asked for again at once and plays', async () => {
    h.sim.faults.add({ kind: 'status', status: 500, times: 2, match: { method: 'POST', path: /\/play\// } });
    const s = await h.call(SILENT);
    const finished = s.timeline.filter((e) => e.kind === 'prompt-finished');
    expect(finished[0]?.['status']).to.equal('finished');
    expect(at(s, 'prompt-finished', 'greeting-courtesy')[0]).to.equal(at(s, 'prompt-started', 'greeting-courtesy')[0]! + (await loadPromptLengths())('zh-CN', 'greeting-courtesy')!);
    expect(s.endedBy).to.equal('us');
    await expectNothingLeft(h, timersBefore);
  });

  it('500 on a prompt three times: it is skipped and the flow goes on to its close', async () => {
    h.sim.faults.add({ kind: 'status', status: 500, times: 3, match: { method: 'POST', path: /\/play\// } });
    const s = await h.call(SILENT);
    const finished = s.timeline.filter((e) => e.kind === 'prompt-finished');
    expect(finished[0]?.['status']).to.equal('failed');
    expect(promptsPlayed(s)).to.include('no-sound-close');
    expect(s.endedBy).to.equal('us');
    await expectNothingLeft(h, timersBefore);
  });

  it('a 404 "Channel not found" mid-flow while the channel is still there is not taken for a hang-up', async () => {
    // The third prompt's request: the channel exists, Asterisk still lists it.
    h.sim.faults.add({ kind: 'status', status: 404, skip: 2, match: { method: 'POST', path: /\/play\// } });
    const s = await h.call(SILENT);
    expect(s.endedBy).to.equal('us');
    expect(promptsPlayed(s)).to.include('no-sound-close');
    // We hung up the channel: the simulator has none left (a 404 taken for a hang-up would leave it there).
    await expectNothingLeft(h, timersBefore);
  });

  it('a 500 on every POST of one call: the call still ends (we hang up) and leaves nothing behind', async () => {
    const simCall = h.sim.placeCall({ app: 'hotline', from: '13900000001', to: '4000', script: [] });
    h.sim.faults.add({ kind: 'status', status: 500, times: Infinity, match: { channel: simCall.id, method: 'POST' } });
    await h.clock.runUntil(() => h.service.runner.activeCalls() === 0 && simCall.log.some((e) => e.kind === 'hangup'), { maxMs: 600_000 });
    h.sim.faults.clear();
    await expectNothingLeft(h, timersBefore);
  });

  it('500 on our hang-up: it is tried again 1 s later, so the caller is not left on a silent line', async () => {
    h.sim.faults.add({ kind: 'status', status: 500, match: { method: 'DELETE', path: /^\/channels\/[^/]+$/ } });
    const s = await h.call(SILENT);
    expect(s.endedBy).to.equal('us');
    expect(h.sim.faults.injected().byKind.status).to.equal(1);
    const hangup = s.simCall.log.find((e) => e.kind === 'hangup') as { t: number; by: string };
    expect(hangup.by).to.equal('app');
    await expectNothingLeft(h, timersBefore);
  });

  it('an answer slow by 4 s: the greeting starts 4 s late, exactly, and the flow keeps its order', async () => {
    h.sim.faults.add({ kind: 'slow', delayMs: 4_000, match: { method: 'POST', path: /\/play\// }, times: 1 });
    const s = await h.call(SILENT);
    const playing = s.simCall.log.find((e) => e.kind === 'playback-started') as { t: number };
    // Without the fault the greeting starts the instant the call is answered (t = 0 on the caller's log).
    expect(playing.t).to.equal(4_000);
    expect(promptsPlayed(s)).to.include('no-sound-close');
    await expectNothingLeft(h, timersBefore);
  });

  it('a request slower than the request timeout: asked for once more after the 10 s timeout, then it plays', async () => {
    h.sim.faults.add({ kind: 'slow', delayMs: 15_000, match: { method: 'POST', path: /\/play\// } });
    const s = await h.call(SILENT);
    expect(s.timeline.filter((e) => e.kind === 'prompt-finished')[0]?.['status']).to.equal('finished');
    expect(s.endedBy).to.equal('us');
    await expectNothingLeft(h, timersBefore);
  });

  it('a playback that never finishes is stopped by the watchdog and the flow goes on politely', async () => {
    h.sim.faults.add({ kind: 'stuck-playback', match: { media: /greeting-courtesy/ } });
    const s = await h.call(SILENT);
    const first = s.timeline.find((e) => e.kind === 'prompt-finished');
    expect(first?.['status']).to.equal('watchdog');
    expect(promptsPlayed(s)).to.include('no-sound-close');
    await expectNothingLeft(h, timersBefore);
  });

  it('a recording that never finishes is stopped and the callback is still stored and confirmed', async () => {
    h.sim.faults.add({ kind: 'stuck-recording' });
    const s = await h.call(LEAVES_CALLBACK);
    expect(h.sim.faults.injected().byKind['stuck-recording']).to.equal(1);
    const stored = s.timeline.filter((e) => e.kind === 'callback-stored');
    expect(stored.length).to.equal(1);
    expect(await h.service.callbacks.get(String(stored[0]?.['id']))).to.not.equal(undefined);
    expect(promptsPlayed(s)).to.include('goodbye');
    await expectNothingLeft(h, timersBefore);
  });

  it('a lost PlaybackFinished costs about a second, not the watchdog margin', async () => {
    h.sim.faults.add({ kind: 'drop-event', match: { event: 'PlaybackFinished' } });
    const s = await h.call(SILENT);
    const [start] = at(s, 'prompt-started');
    const [end] = at(s, 'prompt-finished');
    const lengthMs = (await loadPromptLengths())('zh-CN', 'greeting-courtesy');
    expect(lengthMs, 'the prompt length is known').to.be.a('number');
    expect((end ?? 0) - (start ?? 0)).to.equal((lengthMs as number) + 1_000);
    expect(s.timeline.find((e) => e.kind === 'prompt-finished')?.['status']).to.equal('finished');
    await expectNothingLeft(h, timersBefore);
  });

  it('a lost PlaybackStarted: the start check finds it playing and the prompt is not cut', async () => {
    h.sim.faults.add({ kind: 'drop-event', match: { event: 'PlaybackStarted' } });
    const s = await h.call(SILENT);
    expect(s.timeline.find((e) => e.kind === 'prompt-finished')?.['status']).to.equal('finished');
    expect(s.timeline.filter((e) => e.kind === 'prompt-finished').every((e) => e['status'] === 'finished')).to.equal(true);
    await expectNothingLeft(h, timersBefore);
  });

  it('duplicated key presses and playback events: the call takes each once and closes', async () => {
    h.sim.faults.add({ kind: 'duplicate-event', match: { event: 'ChannelDtmfReceived' }, times: Infinity });
    h.sim.faults.add({ kind: 'duplicate-event', match: { event: 'PlaybackFinished' }, times: Infinity });
    const s = await h.call(MENU_THEN_GOODBYE);
    expect(promptsPlayed(s)).to.include('goodbye');
    expect(h.sim.faults.injected().byKind['duplicate-event']).to.be.greaterThan(3);
    await expectNothingLeft(h, timersBefore);
  });

  it('events out of order within Asterisk\'s limits (a key overtaken by PlaybackFinished and back): the call closes', async () => {
    h.sim.faults.add({ kind: 'reorder-event', match: { event: 'ChannelDtmfReceived' }, times: Infinity });
    h.sim.faults.add({ kind: 'reorder-event', match: { event: 'PlaybackStarted' }, times: Infinity });
    const s = await h.call(MENU_THEN_GOODBYE);
    expect(promptsPlayed(s)).to.include('goodbye');
    expect(h.sim.faults.injected().byKind['reorder-event']).to.be.greaterThan(3);
    await expectNothingLeft(h, timersBefore);
  });

  it('every kind at once on a callback caller: still stored, confirmed, closed, nothing left', async () => {
    h.sim.faults.add({ kind: 'slow', delayMs: 2_000, times: 3, match: { method: 'POST' } });
    h.sim.faults.add({ kind: 'duplicate-event', times: 5 });
    h.sim.faults.add({ kind: 'reorder-event', times: 5 });
    h.sim.faults.add({ kind: 'status', status: 500, skip: 4, match: { method: 'POST', path: /\/play\// } });
    const s = await h.call(LEAVES_CALLBACK);
    expect(heard(s.simCall.log)).to.include('goodbye');
    expect(s.timeline.some((e) => e.kind === 'callback-stored')).to.equal(true);
    await expectNothingLeft(h, timersBefore);
  });
});

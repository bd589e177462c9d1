import { expect } from 'chai';
import { startHarness, at, promptsPlayed, type Harness } from '../helpers/harness.js';
import { failingQueue } from '../helpers/failing-queue.js';
import type { CallerStep } from '../../src/sim/index.js';

/** Menu key 0 goes to the busy service desk, which leads to callback capture. */
const toCapture: CallerStep[] = [{ waitForPrompt: 'menu-options' }, { press: '0' }, { waitForPrompt: 'busy-choice', on: 'end' }, { press: '1' }, { waitForPrompt: 'callback-enter-number', on: 'end' }];
const confirmAndName = (key = '1'): CallerStep[] => [
  { waitForPrompt: 'callback-confirm', on: 'end' }, { press: key },
];
const nameAndFinish: CallerStep[] = [
  { waitForPrompt: 'callback-record-name', on: 'end' }, { wait: 300 }, { speak: 1_500 },
  { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 120_000 }, { hangup: true },
];

describe('flows: callback capture (virtual time, simulator)', function () {
  let h: Harness;
  afterEach(async () => h.close());

  it('reads the number back in groups, stores the request, and only then confirms it', async () => {
    h = await startHarness();
    const s = await h.call([...toCapture, { press: '13800138000#' }, ...confirmAndName(), ...nameAndFinish]);
    const played = promptsPlayed(s);
    const i = played.indexOf('callback-you-entered');
    expect(played.slice(i + 1, i + 14)).to.deep.equal([
      'digit-1', 'digit-3', 'digit-8', 'pause',
      'digit-0', 'digit-0', 'digit-1', 'digit-3', 'pause',
      'digit-8', 'digit-0', 'digit-0', 'digit-0',
    ]);
    const stored = await h.service.callbacks.list();
    expect(stored).to.have.length(1);
    expect(stored[0]).to.include({ number: '13800138000', lineType: 'mobile', target: 'service-desk', reason: 'busy', callId: s.id });
    expect(stored[0]?.nameRecording).to.be.a('string');
    const storedAt = s.timeline.findIndex((e) => e.kind === 'callback-stored');
    const toldAt = s.timeline.findIndex((e) => e.kind === 'prompt-started' && e['prompt'] === 'callback-stored');
    expect(storedAt).to.be.greaterThan(-1);
    expect(storedAt).to.be.lessThan(toldAt);
    // Who will call back, and at which number.
    expect(played.slice(played.indexOf('callback-stored'), played.indexOf('callback-stored') + 3)).to.deep.equal(['callback-stored', 'callback-by-agent', 'digit-1']);
  });

  it('the same number for the same colleague twice within 30 min updates the open request instead of adding one', async () => {
    h = await startHarness();
    const leave: CallerStep[] = [...toCapture, { press: '13800138000#' }, ...confirmAndName(), ...nameAndFinish];
    await h.call(leave);
    await h.clock.advance(10 * 60_000);
    const second = await h.call(leave);
    const stored = await h.service.callbacks.list();
    expect(stored).to.have.length(1);
    expect(stored[0]?.callId).to.equal(second.id);
    expect(second.timeline.find((e) => e.kind === 'callback-stored')?.['merged']).to.equal(true);
  });

  it('key 2 at the read-back lets the caller enter the number again', async () => {
    h = await startHarness();
    const s = await h.call([
      ...toCapture, { press: '13800138000#' }, ...confirmAndName('2'),
      { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '13900139000#' }, ...confirmAndName('1'), ...nameAndFinish,
    ]);
    expect(promptsPlayed(s).filter((p) => p === 'callback-enter-number')).to.have.length(2);
    const stored = await h.service.callbacks.list();
    expect(stored.map((c) => c.number)).to.deep.equal(['13900139000']);
  });

  it('a number that is too short is refused politely and asked for again', async () => {
    h = await startHarness();
    const s = await h.call([...toCapture, { press: '123#' }, { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '13800138000#' }, ...confirmAndName(), ...nameAndFinish]);
    const played = promptsPlayed(s);
    expect(played).to.include('callback-number-invalid');
    expect((await h.service.callbacks.list()).map((c) => c.number)).to.deep.equal(['13800138000']);
  });

  it('a landline is asked for its extension, which is stored and read back', async () => {
    h = await startHarness();
    const s = await h.call([
      ...toCapture, { press: '01012345678#' }, ...confirmAndName(),
      { waitForPrompt: 'callback-record-name', on: 'end' }, { speak: 1_000 },
      { waitForPrompt: 'callback-landline', on: 'end' }, { press: '123#' },
      { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 120_000 }, { hangup: true },
    ]);
    const stored = await h.service.callbacks.list();
    expect(stored[0]).to.include({ number: '01012345678', lineType: 'landline', extension: '123' });
    expect(promptsPlayed(s)).to.include('callback-extension');
  });

  it('if the request cannot be stored, the caller is never told it was recorded', async () => {
    h = await startHarness({ callbacks: failingQueue() });
    const s = await h.call([...toCapture, { press: '13800138000#' }, ...confirmAndName(), ...nameAndFinish]);
    const played = promptsPlayed(s);
    expect(played).to.include('callback-store-failed');
    expect(played).to.not.include('callback-stored');
    expect(s.timeline.some((e) => e.kind === 'callback-store-failed')).to.equal(true);
  });

  it('a caller who says nothing at number entry hears the question once more, then the no-sound close; never "incomplete"', async () => {
    h = await startHarness();
    const s = await h.call([...toCapture]);
    const played = promptsPlayed(s);
    expect(played.filter((p) => p === 'callback-enter-number')).to.have.length(2);
    expect(played).to.not.include('callback-number-invalid');
    expect(played.at(-1)).to.equal('no-sound-close');
    const closeEnd = at(s, 'prompt-finished', 'no-sound-close')[0] as number;
    expect((at(s, 'hangup')[0] as number) - closeEnd).to.be.within(5_000, 5_050);
    expect(await h.service.callbacks.list()).to.have.length(0);
  });

  it('a caller heard during the no-sound close is served again: the number question, not a hang-up', async () => {
    h = await startHarness();
    const s = await h.call([...toCapture, { waitForPrompt: 'no-sound-close', timeoutMs: 60_000 }, { wait: 1_000 }, { speak: 800 },
      { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '13800138000#' }, ...confirmAndName(), ...nameAndFinish]);
    expect((await h.service.callbacks.list()).map((c) => c.number)).to.deep.equal(['13800138000']);
    expect(s.endedBy).to.equal('caller');
  });

  it('digits typed while the busy line and the number question play are kept and stored', async () => {
    h = await startHarness();
    await h.call([{ waitForPrompt: 'menu-options' }, { press: '0' }, { waitForPrompt: 'target-busy' }, { wait: 300 }, { press: '1' },
      { waitForPrompt: 'callback-enter-number' }, { wait: 300 }, { press: '13800138000#' }, ...confirmAndName(), ...nameAndFinish]);
    expect((await h.service.callbacks.list()).map((c) => c.number)).to.deep.equal(['13800138000']);
  });

  it('at the read-back only 1 or 2 answer: another key gets an apology and the question again', async () => {
    h = await startHarness();
    const s = await h.call([...toCapture, { press: '13800138000#' }, { waitForPrompt: 'callback-confirm', on: 'end' }, { press: '5' },
      { waitForPrompt: 'sorry-not-understood', on: 'end' }, ...confirmAndName('1'), ...nameAndFinish]);
    expect(promptsPlayed(s).filter((p) => p === 'callback-confirm')).to.have.length(2);
    expect(promptsPlayed(s).filter((p) => p === 'callback-enter-number')).to.have.length(1);
    expect((await h.service.callbacks.list()).map((c) => c.number)).to.deep.equal(['13800138000']);
  });

  it('wrong-length entries every time: "incomplete" each time, then a polite close, nothing stored', async () => {
    h = await startHarness();
    const s = await h.call([...toCapture, { press: '12#' }, { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '34#' },
      { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '56#' }, { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 120_000 }, { hangup: true }]);
    expect(promptsPlayed(s).filter((p) => p === 'callback-number-invalid')).to.have.length(3);
    expect(await h.service.callbacks.list()).to.have.length(0);
  });
});


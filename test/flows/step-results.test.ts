import { expect } from 'chai';
import { startHarness, at, promptsPlayed, CLOSED_TIME, type Harness } from '../helpers/harness.js';
import { CLOSED_TO_CAPTURE } from './closed-hours.test.js';

/** Every step's result is followed: "anything else? press 1" returns to the menu on every path, and every close keeps its grace. */
describe('flows: step results honoured end to end (virtual time, simulator)', function () {
  let h: Harness;
  afterEach(async () => h.close());

  const menuAfter = (s: Parameters<typeof promptsPlayed>[0], prompt: string): boolean => {
    const t = at(s, 'prompt-started', prompt).at(-1) as number;
    return at(s, 'prompt-started', 'menu-options').some((x) => x > t);
  };

  it('closed hours: after the callback is stored, key 1 at "anything else?" plays the menu, not the goodbye', async () => {
    h = await startHarness({ startAt: CLOSED_TIME });
    const s = await h.call([
      ...CLOSED_TO_CAPTURE, { press: '13800138000#' },
      { waitForPrompt: 'callback-confirm', on: 'end' }, { press: '1' },
      { waitForPrompt: 'callback-record-name', on: 'end' }, { speak: 1_000 },
      { waitForPrompt: 'anything-else', timeoutMs: 120_000 }, { press: '1' },
      { waitForPrompt: 'menu-options', on: 'end' }, { hangup: true },
    ]);
    expect(menuAfter(s, 'anything-else'), promptsPlayed(s).join(' ')).to.equal(true);
    expect(promptsPlayed(s)).to.not.include('goodbye');
    expect(s.endedBy).to.equal('caller');
  });

  it('menu retries exhausted to the agent who then leaves: key 1 at "anything else?" plays the menu', async () => {
    h = await startHarness({ endpoints: { 'PJSIP/2002': { kind: 'answer', afterMs: 2_000, hangupAfterMs: 3_000 } } });
    const s = await h.call([
      { waitForPrompt: 'menu-options', on: 'end' }, { press: '7' },
      { waitForPrompt: 'menu-options', on: 'end' }, { press: '7' },
      { waitForPrompt: 'menu-options', on: 'end' }, { press: '7' },
      { waitForPrompt: 'anything-else', timeoutMs: 120_000 }, { press: '1' },
      { waitForPrompt: 'menu-options', on: 'end' }, { hangup: true },
    ]);
    expect(at(s, 'bridged')).to.have.length(1);
    expect(menuAfter(s, 'anything-else'), promptsPlayed(s).join(' ')).to.equal(true);
    expect(promptsPlayed(s)).to.not.include('goodbye');
  });

  it('the goodbye at the end of every path keeps the 2 s grace (closed hours, callback stored, silent at "anything else?")', async () => {
    h = await startHarness({ startAt: CLOSED_TIME });
    const s = await h.call([
      ...CLOSED_TO_CAPTURE, { press: '13800138000#' },
      { waitForPrompt: 'callback-confirm', on: 'end' }, { press: '1' },
      { waitForPrompt: 'callback-record-name', on: 'end' }, { speak: 1_000 },
    ]);
    const byeEnd = at(s, 'prompt-finished', 'goodbye').at(-1) as number;
    expect((at(s, 'hangup')[0] as number) - byeEnd).to.be.within(2_000, 2_050);
    expect(promptsPlayed(s).filter((p) => p === 'goodbye')).to.have.length(1);
    expect(s.endedBy).to.equal('us');
  });
});

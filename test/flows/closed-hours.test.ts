import { expect } from 'chai';
import { startHarness, at, CLOSED_TIME, promptsPlayed, type Harness } from '../helpers/harness.js';
import type { CallerStep } from '../../src/sim/index.js';

/** Closed: greeting and organisation, closed message, then key 1 for a callback. */
export const CLOSED_TO_CAPTURE: CallerStep[] = [{ waitForPrompt: 'closed-callback-option', on: 'end' }, { press: '1' }, { waitForPrompt: 'callback-enter-number', on: 'end' }];

describe('flows: outside opening hours (virtual time, simulator)', function () {
  let h: Harness;
  afterEach(async () => h.close());

  it('opens with the courtesy greeting and the organisation, says it is closed, and key 1 takes a callback request', async () => {
    h = await startHarness({ startAt: CLOSED_TIME });
    const s = await h.call([
      ...CLOSED_TO_CAPTURE, { press: '13800138000#' },
      { waitForPrompt: 'callback-confirm', on: 'end' }, { press: '1' },
      { waitForPrompt: 'callback-record-name', on: 'end' }, { speak: 1_000 },
      { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 120_000 }, { hangup: true },
    ]);
    const played = promptsPlayed(s);
    expect(played.slice(0, 5)).to.deep.equal(['greeting-courtesy', 'greeting-organisation', 'closed-hours', 'closed-callback-option', 'menu-language-option']);
    expect(played).to.not.include('target-busy');
    const stored = await h.service.callbacks.list();
    expect(stored[0]).to.include({ number: '13800138000', reason: 'closed', target: 'service-desk' });
  });

  it('a silent caller gets the silent-line sequence: the options once more after 5 s, 5 s later the no-sound close, 5 s later the hang-up', async () => {
    h = await startHarness({ startAt: CLOSED_TIME });
    const s = await h.call([]);
    const played = promptsPlayed(s);
    expect(played.filter((p) => p === 'closed-callback-option')).to.have.length(2);
    expect(played).to.not.include('callback-number-invalid');
    const firstEnd = at(s, 'prompt-finished', 'menu-language-option')[0] as number;
    const again = at(s, 'prompt-started', 'closed-callback-option')[1] as number;
    expect(again - firstEnd).to.be.within(5_000, 5_050);
    const secondEnd = at(s, 'prompt-finished', 'menu-language-option')[1] as number;
    expect((at(s, 'prompt-started', 'no-sound-close')[0] as number) - secondEnd).to.be.within(5_000, 5_050);
    expect((at(s, 'hangup')[0] as number) - (at(s, 'prompt-finished', 'no-sound-close')[0] as number)).to.be.within(5_000, 5_050);
    expect(s.endedBy).to.equal('us');
  });

  it('the language key switches the closed message to English', async () => {
    h = await startHarness({ startAt: CLOSED_TIME });
    const s = await h.call([{ waitForPrompt: 'menu-language-option' }, { press: '9' }, { waitForPrompt: 'closed-callback-option', on: 'end' }, { hangup: true }]);
    const closed = s.timeline.filter((e) => e.kind === 'prompt-started' && e['prompt'] === 'closed-hours').map((e) => e['lang']);
    expect(closed).to.deep.equal(['zh-CN', 'en-US']);
  });

  it('closes politely when closed hours take no callbacks (whenClosed: close): the greeting, the message, the language key, goodbye and the grace', async () => {
    h = await startHarness({ startAt: CLOSED_TIME, config: { hours: { whenClosed: 'close' } } as never });
    const s = await h.call([]);
    expect(promptsPlayed(s)).to.deep.equal(['greeting-courtesy', 'greeting-organisation', 'closed-hours', 'menu-language-option', 'thanks-for-calling', 'goodbye']);
    expect((at(s, 'hangup')[0] as number) - (at(s, 'prompt-finished', 'goodbye')[0] as number)).to.be.within(2_000, 2_050);
    expect(s.endedBy).to.equal('us');
  });

  it('a holiday is closed all day, even within the weekly hours', async () => {
    const holidayNoon = Date.UTC(2027, 0, 1, 4, 0, 0); // 2027-01-01 12:00 in Asia/Shanghai
    h = await startHarness({ startAt: holidayNoon, config: { hours: { whenClosed: 'close' } } as never });
    const s = await h.call([]);
    expect(promptsPlayed(s).slice(0, 3)).to.deep.equal(['greeting-courtesy', 'greeting-organisation', 'closed-hours']);
  });
});

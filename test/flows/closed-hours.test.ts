import { expect } from 'chai';
import { startHarness, CLOSED_TIME, promptsPlayed, type Harness } from '../helpers/harness.js';

describe('flows: outside opening hours (virtual time, simulator)', function () {
  let h: Harness;
  afterEach(async () => h.close());

  it('says the hotline is closed and takes a callback request (whenClosed: callback)', async () => {
    h = await startHarness({ startAt: CLOSED_TIME });
    const s = await h.call([
      { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '13800138000#' },
      { waitForPrompt: 'callback-confirm', on: 'end' }, { press: '1' },
      { waitForPrompt: 'callback-record-name', on: 'end' }, { speak: 1_000 },
      { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 120_000 }, { hangup: true },
    ]);
    const played = promptsPlayed(s);
    expect(played[0]).to.equal('closed-hours');
    expect(played).to.not.include('greeting-courtesy');
    expect(played).to.not.include('target-busy');
    const stored = await h.service.callbacks.list();
    expect(stored[0]).to.include({ number: '13800138000', reason: 'closed', target: 'service-desk' });
  });

  it('closes politely when closed hours take no callbacks (whenClosed: close)', async () => {
    h = await startHarness({ startAt: CLOSED_TIME, config: { hours: { whenClosed: 'close' } } as never });
    const s = await h.call([]);
    expect(promptsPlayed(s)).to.deep.equal(['closed-hours', 'thanks-for-calling', 'goodbye']);
    expect(s.endedBy).to.equal('us');
  });

  it('a holiday is closed all day, even within the weekly hours', async () => {
    const holidayNoon = Date.UTC(2027, 0, 1, 4, 0, 0); // 2027-01-01 12:00 in Asia/Shanghai
    h = await startHarness({ startAt: holidayNoon, config: { hours: { whenClosed: 'close' } } as never });
    const s = await h.call([]);
    expect(promptsPlayed(s)[0]).to.equal('closed-hours');
  });
});

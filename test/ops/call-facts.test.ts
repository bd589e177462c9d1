import { expect } from 'chai';
import type { TimelineEntry } from '../../src/call/timeline.js';
import { leftWithoutWord, longestSilenceMs, outcomeOf, stepOf, stepSpans } from '../../src/ops/call-facts.js';
import { DayStats, percentile } from '../../src/ops/day-stats.js';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import type { BookedCall } from '../../src/ops/call-book.js';

const tl = (...e: [number, string, Record<string, unknown>?][]): TimelineEntry[] => e.map(([t, kind, d]) => ({ t, kind, ...(d ?? {}) }) as TimelineEntry);

describe('ops: what a timeline says', () => {
  const transfer = tl(
    [0, 'call-started'],
    [20, 'answered'],
    [30, 'prompt-started'],
    [3_000, 'prompt-finished'],
    [3_000, 'asked', { question: 'menu' }],
    [4_000, 'menu-choice', { key: '1' }],
    [4_100, 'dial-started'],
    [4_200, 'hold-started', { purpose: 'ringing' }],
    [9_000, 'hold-ended', { purpose: 'ringing' }],
    [9_000, 'bridged'],
    [70_000, 'unbridged'],
    [70_100, 'prompt-started'],
    [72_000, 'prompt-finished'],
    [73_000, 'hangup', { by: 'caller' }],
  );

  it('follows the steps of a call and draws them as spans', () => {
    expect(stepOf(transfer.slice(0, 5))).to.equal('menu');
    expect(stepOf(transfer.slice(0, 9))).to.equal('transfer');
    expect(stepOf(transfer.slice(0, 10))).to.equal('connected');
    expect(stepSpans(transfer)).to.deep.equal([
      { step: 'answering', from: 0, to: 20 },
      { step: 'greeting', from: 20, to: 3_000 },
      { step: 'menu', from: 3_000, to: 4_100 },
      { step: 'transfer', from: 4_100, to: 9_000 },
      { step: 'connected', from: 9_000, to: 70_000 },
      { step: 'closing', from: 70_000, to: 73_000 },
    ]);
  });

  it('names the outcome', () => {
    expect(outcomeOf(transfer, 'caller')).to.equal('transferred');
    expect(outcomeOf(tl([0, 'call-started'], [20, 'answered'], [25, 'no-sound-close']), 'us')).to.equal('no-sound');
    expect(outcomeOf(tl([0, 'call-started'], [20, 'answered'], [9_000, 'callback-stored', { id: 'cb-1' }]), 'caller')).to.equal('callback');
    expect(outcomeOf(tl([0, 'call-started'], [20, 'answered'], [3_000, 'asked', { question: 'menu' }]), 'caller')).to.equal('abandoned');
    expect(outcomeOf(tl([0, 'call-started'], [20, 'answered'], [1_000, 'menu-choice'], [1_100, 'hold-started', { purpose: 'lookup' }]), 'caller')).to.equal('abandoned');
    expect(outcomeOf(tl([0, 'call-started'], [20, 'answered'], [1_000, 'menu-choice'], [9_000, 'prompt-finished']), 'caller')).to.equal('served');
    expect(outcomeOf(tl([0, 'call-started'], [5, 'error', { what: 'flow-failed' }]), 'us')).to.equal('failed');
  });

  it('measures the longest stretch without a word, not counting time with a colleague', () => {
    expect(longestSilenceMs(transfer)).to.equal(5_000); // from the menu key at 4 s (before it, the caller's turn) until bridged at 9 s
    const longHold = tl([0, 'call-started'], [10, 'prompt-started'], [2_000, 'prompt-finished'], [2_000, 'hold-started'], [40_000, 'prompt-started'], [42_000, 'prompt-finished'], [43_000, 'hangup']);
    expect(longestSilenceMs(longHold)).to.equal(38_000);
    expect(leftWithoutWord(longHold)).to.equal(true);
    const onTime = tl([0, 'call-started'], [10, 'prompt-started'], [2_000, 'prompt-finished'], [2_000, 'hold-started'], [32_400, 'prompt-started'], [34_000, 'hangup']);
    expect(leftWithoutWord(onTime), 'a check-in due at 30 s that starts a moment late').to.equal(false);
  });

  it("does not count the caller's own turn: talking after a question, then a hold checked in on time", () => {
    // Seen in the seeded random callers: the hold question, 15 s of the caller talking, then the hold's
    // first check-in 30 s in. 45 s since our last word, but only 30 s of them the caller waited on us.
    const talkedFirst = tl(
      [0, 'call-started'],
      [0, 'asked', { question: 'hold-permission' }],
      [10, 'prompt-started'],
      [9_000, 'prompt-finished'],
      [9_000, 'heard', { via: 'speech' }],
      [24_000, 'reply', { question: 'hold-permission', via: 'speech' }],
      [24_000, 'hold-started', { purpose: 'lookup' }],
      [54_000, 'prompt-started'],
      [60_000, 'prompt-finished'],
      [61_000, 'hangup', { by: 'caller' }],
    );
    expect(longestSilenceMs(talkedFirst)).to.equal(30_000);
    expect(leftWithoutWord(talkedFirst)).to.equal(false);
    // A question nobody answers ends in 'silence': from there the caller waits on us again.
    const unanswered = tl([0, 'call-started'], [0, 'asked'], [10, 'prompt-started'], [2_000, 'prompt-finished'], [7_000, 'silence'], [40_000, 'prompt-started'], [41_000, 'hangup']);
    expect(longestSilenceMs(unanswered)).to.equal(33_000);
  });

  it('counts the day in the hotline time zone, not the host one, and resets at its midnight', async () => {
    // 15:59 UTC = 23:59 in Asia/Shanghai.
    const clock = new VirtualClock(Date.UTC(2026, 10, 24, 15, 59, 0));
    const day = new DayStats(clock, 'Asia/Shanghai');
    const call = (answered: number): BookedCall => ({
      id: 'c',
      callerNumber: '1',
      configVersion: 'v',
      startedAt: clock.now(),
      step: 'closing',
      stepSince: clock.now(),
      timeline: tl([0, 'call-started'], [answered, 'answered'], [1_000, 'menu-choice'], [2_000, 'hangup']),
      ended: { at: clock.now(), endedBy: 'caller', outcome: 'served' },
    });
    day.add(call(40));
    day.add(call(60));
    expect(day.kpis()).to.deep.include({ day: '2026-11-24', calls: 2, answerP95Ms: 60, leftWithoutWord: 0 });
    await clock.advance(2 * 60_000);
    expect(day.kpis()).to.deep.include({ day: '2026-11-25', calls: 0, answerP95Ms: undefined });
  });

  it('takes the nearest-rank percentile', () => {
    expect(percentile([], 95)).to.equal(undefined);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 95)).to.equal(95);
    expect(percentile([5, 1, 3], 50)).to.equal(3);
  });
});

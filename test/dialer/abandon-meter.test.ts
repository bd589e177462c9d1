/** The abandon meter: rolling share of abandoned answered calls and the slow-down near 3 %. */
import { expect } from 'chai';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { AbandonMeter } from '../../src/dialer/abandon-meter.js';

describe('dialer: abandon meter', () => {
  it('counts abandoned against answered calls in the rolling window and slows down near 3 %', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 24, 2, 0, 0));
    const m = new AbandonMeter(clock, { windowMs: 3_600_000 });
    for (let i = 0; i < 100; i++) m.record(false);
    expect(m.slowdown()).to.equal(1);
    m.record(true);
    m.record(true);
    expect(m.counts()).to.deep.equal({ answered: 102, abandoned: 2 });
    expect(m.share()).to.be.closeTo(2 / 102, 1e-9);
    expect(m.slowdown()).to.equal(1);
    m.record(true); // 3/103 = 2.9 %: nearing the limit
    expect(m.slowdown()).to.be.greaterThan(3.5).and.lessThan(4);
    m.record(true); // 4/104 = 3.8 %: pause
    expect(m.slowdown()).to.equal(Number.POSITIVE_INFINITY);
    await clock.advance(3_600_001);
    expect(m.counts()).to.deep.equal({ answered: 0, abandoned: 0 });
    expect(m.slowdown()).to.equal(1);
  });

  it('does not pause on the first few answered calls: one abandoned call of the first ones means the slowest pace, not a stop', () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 24, 2, 0, 0));
    const m = new AbandonMeter(clock);
    m.record(true); // 1 of 1: 100 %
    expect(m.slowdown()).to.equal(4);
    for (let i = 0; i < 32; i++) m.record(false);
    expect(m.counts()).to.deep.equal({ answered: 33, abandoned: 1 });
    expect(m.slowdown(), '1 of 33 is 3.0 %, but 33 calls are too few to stop on').to.equal(4);
    m.record(true); // 2 of 34 = 5.9 %, with enough calls to trust it
    expect(m.slowdown()).to.equal(Number.POSITIVE_INFINITY);
  });
});

import { expect } from 'chai';
import { backoffDelay } from '../../src/ari/backoff.js';

describe('reconnect backoff', () => {
  it('starts near 250 ms, doubles, and is capped at 30 s', () => {
    const lo = { random: () => 0 };
    const hi = { random: () => 0.999999 };
    expect(backoffDelay(0, lo)).to.equal(125);
    expect(backoffDelay(0, hi)).to.equal(250);
    expect(backoffDelay(3, hi)).to.equal(2_000);
    expect(backoffDelay(20, hi)).to.equal(30_000);
    expect(backoffDelay(1000, lo)).to.equal(15_000);
  });

  it('is jittered: the same attempt gives different delays', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 20; i++) seen.add(backoffDelay(6));
    expect(seen.size).to.be.greaterThan(5);
  });
});

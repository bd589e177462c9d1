import { expect } from 'chai';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { sleep } from '../../src/clock/clock.js';

describe('VirtualClock', () => {
  it('fires timers in time order and only when advanced', async () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@30000'), 30_000);
    clock.setTimeout(() => fired.push('a@5000'), 5_000);
    await clock.advance(4_999);
    expect(fired).to.deep.equal([]);
    await clock.advance(1);
    expect(fired).to.deep.equal(['a@5000']);
    expect(clock.now()).to.equal(5_000);
    await clock.advance(25_000);
    expect(fired).to.deep.equal(['a@5000', 'b@30000']);
    expect(clock.pendingTimers()).to.equal(0);
  });

  it('lets async code scheduled by a timer run before time moves on', async () => {
    const clock = new VirtualClock(0);
    const times: number[] = [];
    void (async () => {
      await sleep(clock, 1_000);
      times.push(clock.now());
      await Promise.resolve();
      await sleep(clock, 2_000);
      times.push(clock.now());
    })();
    await clock.advance(10_000);
    expect(times).to.deep.equal([1_000, 3_000]);
  });

  it('does not jump ahead while I/O is held', async () => {
    const clock = new VirtualClock(0);
    let fired = false;
    clock.setTimeout(() => (fired = true), 10);
    const release = clock.hold('fake request');
    setTimeout(release, 20);
    const before = Date.now();
    await clock.advance(10);
    expect(fired).to.equal(true);
    expect(Date.now() - before).to.be.at.least(15);
  });

  it('sleep rejects when its signal aborts and leaves no timer behind', async () => {
    const clock = new VirtualClock(0);
    const ac = new AbortController();
    const p = sleep(clock, 60_000, ac.signal);
    expect(clock.pendingTimers()).to.equal(1);
    ac.abort(new Error('gone'));
    let err: unknown;
    await p.catch((e: unknown) => (err = e));
    expect((err as Error).message).to.equal('gone');
    expect(clock.pendingTimers()).to.equal(0);
  });

  it('runUntil reports a condition that never comes instead of hanging', async () => {
    const clock = new VirtualClock(0);
    let err: unknown;
    await clock.runUntil(() => false, { maxMs: 1_000 }).catch((e: unknown) => (err = e));
    expect(String(err)).to.match(/condition not met/);
  });
});

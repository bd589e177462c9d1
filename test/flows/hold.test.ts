import { expect } from 'chai';
import { startHarness, at, promptsPlayed, type Harness } from '../helpers/harness.js';
import { sleep } from '../../src/clock/clock.js';
import type { LookupService } from '../../src/call/context.js';

const toHold = [{ waitForPrompt: 'menu-options' }, { press: '2' }, { waitForPrompt: 'hold-ask-permission', on: 'end' as const }, { press: '1' }];

describe('flows: hold with check-ins (virtual time, simulator)', function () {
  let h: Harness;
  const lookupTaking = (seconds: number): LookupService => (_req, signal) => sleep(h.clock, seconds * 1000, signal).catch(() => undefined);
  afterEach(async () => h.close());

  it('asks permission with a reason, checks in every 30 s, and thanks the caller when the look-up is done', async () => {
    h = await startHarness({ lookup: (r, s) => lookupTaking(100)(r, s) });
    const s = await h.call([...toHold, { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 300_000 }, { hangup: true }]);
    const played = promptsPlayed(s);
    expect(played.indexOf('lookup-reason-order')).to.be.lessThan(played.indexOf('hold-ask-permission'));
    const start = at(s, 'hold-started')[0] as number;
    const checkIns = at(s, 'hold-check-in').map((t) => t - start);
    expect(checkIns).to.have.length(3);
    checkIns.forEach((t, i) => expect(t).to.be.within((i + 1) * 30_000, (i + 1) * 30_000 + 50));
    expect(at(s, 'hold-callback-offer')).to.have.length(0);
    expect(played.slice(played.indexOf('thanks-for-waiting'), played.indexOf('thanks-for-waiting') + 2)).to.deep.equal(['thanks-for-waiting', 'lookup-done']);
    // Music between check-ins: the caller is never in silence on hold.
    expect(s.simCall.log.some((e) => e.kind === 'moh-started')).to.equal(true);
  });

  it('offers a callback once the hold passes 2 minutes; key 1 takes it', async () => {
    h = await startHarness({ lookup: (r, s) => lookupTaking(400)(r, s) });
    const s = await h.call([...toHold, { waitForPrompt: 'hold-callback-offer', on: 'end', timeoutMs: 300_000 }, { press: '1' }, { waitForPrompt: 'callback-enter-number' }, { hangup: true }]);
    const start = at(s, 'hold-started')[0] as number;
    expect((at(s, 'hold-callback-offer')[0] as number) - start).to.be.within(120_000, 120_050);
    const played = promptsPlayed(s);
    expect(played.indexOf('callback-enter-number')).to.be.greaterThan(played.lastIndexOf('hold-callback-offer'));
    expect(played).to.include('thanks-for-waiting');
  });

  it('a caller who stays on hold keeps getting check-ins; at the 3-minute maximum hears why and chooses a callback (1)', async () => {
    h = await startHarness({ lookup: (r, s) => lookupTaking(1_000)(r, s) });
    const s = await h.call([...toHold, { waitForPrompt: 'hold-max-reached', on: 'end', timeoutMs: 400_000 }, { press: '1' }, { waitForPrompt: 'callback-enter-number' }, { hangup: true }]);
    const played = promptsPlayed(s);
    expect(played.slice(played.indexOf('thanks-for-waiting'), played.indexOf('thanks-for-waiting') + 2)).to.deep.equal(['thanks-for-waiting', 'hold-max-reached']);
    const start = at(s, 'hold-started')[0] as number;
    const words = [...at(s, 'hold-check-in'), ...at(s, 'hold-callback-offer')].sort((a, b) => a - b).map((t) => t - start);
    // Never more than 30 s without a word: 30, 60, 90, 120 (offer), 150.
    expect(words.map((t) => Math.round(t / 1000))).to.deep.equal([30, 60, 90, 120, 150]);
    expect((at(s, 'hold-ended')[0] as number) - start).to.be.within(180_000, 185_000);
  });

  it('at the maximum hold, key 0 goes to the service desk', async () => {
    h = await startHarness({ lookup: (r, s) => lookupTaking(1_000)(r, s) });
    const s = await h.call([...toHold, { waitForPrompt: 'hold-max-reached', on: 'end', timeoutMs: 400_000 }, { press: '0' }, { waitForPrompt: 'transfer-to-agent', on: 'end' }, { wait: 500 }, { hangup: true }]);
    expect(s.timeline.filter((e) => e.kind === 'dial-started').map((e) => e['target'])).to.deep.equal(['service-desk']);
  });

  it('a key pressed during the look-up reason does not answer the hold question: it is asked, and an invalid key asks again', async () => {
    h = await startHarness({ lookup: (r, s) => lookupTaking(10)(r, s) });
    const s = await h.call([
      { waitForPrompt: 'menu-options' }, { press: '2' }, { waitForPrompt: 'lookup-reason-order' }, { wait: 300 }, { press: '3' },
      { waitForPrompt: 'hold-ask-permission', on: 'end' }, { press: '7' },
      { waitForPrompt: 'sorry-not-understood', on: 'end' }, { waitForPrompt: 'hold-ask-permission', on: 'end' }, { press: '2' },
      { waitForPrompt: 'callback-enter-number' }, { hangup: true },
    ]);
    expect(at(s, 'hold-started')).to.have.length(0);
    const played = promptsPlayed(s);
    expect(played.filter((p) => p === 'hold-ask-permission')).to.have.length(2);
  });

  it('key 2 at the permission question takes a callback instead of holding', async () => {
    h = await startHarness({ lookup: (r, s) => lookupTaking(100)(r, s) });
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '2' }, { waitForPrompt: 'hold-ask-permission', on: 'end' }, { press: '2' }, { waitForPrompt: 'callback-enter-number' }, { hangup: true }]);
    expect(at(s, 'hold-started')).to.have.length(0);
  });
});

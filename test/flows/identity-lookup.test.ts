/**
 * The identity-lookup step (call standards section 6): say why before
 * asking; star declines; the digits are read back; a decline or a mismatch
 * hears politely that the request cannot go on, never an argument.
 */
import { expect } from 'chai';
import { startHarness, at, promptsPlayed, type Harness } from '../helpers/harness.js';
import type { IdentityRequest } from '../../src/call/context.js';
import type { CallerStep } from '../../src/sim/index.js';

const toIdentity: CallerStep[] = [{ waitForPrompt: 'menu-options' }, { press: '4' }, { waitForPrompt: 'identity-ask', on: 'end' }];

describe('flows: identity check before a look-up (virtual time, simulator)', function () {
  let h: Harness;
  afterEach(async () => h.close());

  it('says why first, reads the digits back, checks them, then the look-up hold', async () => {
    const asked: IdentityRequest[] = [];
    h = await startHarness({ verifyIdentity: async (r) => (asked.push(r), true) });
    const s = await h.call([...toIdentity, { press: '1234' }, { waitForPrompt: 'callback-confirm', on: 'end' }, { press: '1' },
      { waitForPrompt: 'hold-ask-permission', on: 'end' }, { press: '1' }, { waitForPrompt: 'lookup-done', on: 'end', timeoutMs: 120_000 }, { hangup: true }]);
    const played = promptsPlayed(s);
    expect(played.indexOf('identity-why')).to.be.lessThan(played.indexOf('identity-ask'));
    const readBack = played.slice(played.indexOf('callback-you-entered') + 1, played.indexOf('callback-you-entered') + 5);
    expect(readBack).to.deep.equal(['digit-1', 'digit-2', 'digit-3', 'digit-4']);
    expect(asked).to.deep.equal([{ callerNumber: '13912345678', digits: '1234' }]);
    expect(played).to.include('lookup-reason-account');
    expect(at(s, 'hold-started')).to.have.length(1);
  });

  it('star declines at once: "cannot go on without it", then "anything else?", no look-up and no argument', async () => {
    let checked = 0;
    h = await startHarness({ verifyIdentity: async () => (checked++, true) });
    const s = await h.call([...toIdentity, { press: '*' }, { waitForPrompt: 'anything-else', on: 'end', timeoutMs: 60_000 }, { hangup: true }]);
    const played = promptsPlayed(s);
    expect(played.slice(played.indexOf('identity-ask') + 1)).to.deep.equal(['identity-declined', 'anything-else']);
    expect(checked).to.equal(0);
    expect(at(s, 'hold-started')).to.have.length(0);
  });

  it('digits that do not match: told so and asked once more; a second mismatch cannot go on', async () => {
    h = await startHarness({ verifyIdentity: async () => false });
    const once: CallerStep[] = [{ press: '9999' }, { waitForPrompt: 'callback-confirm', on: 'end' }, { press: '1' }];
    const s = await h.call([...toIdentity, ...once, { waitForPrompt: 'identity-ask', on: 'end' }, ...once, { waitForPrompt: 'anything-else', on: 'end', timeoutMs: 60_000 }, { hangup: true }]);
    const played = promptsPlayed(s);
    expect(played.filter((p) => p === 'identity-not-matched')).to.have.length(2);
    expect(played.filter((p) => p === 'identity-why'), 'the reason is said once').to.have.length(1);
    expect(played.at(-2)).to.equal('identity-declined');
    expect(at(s, 'hold-started')).to.have.length(0);
  });
});

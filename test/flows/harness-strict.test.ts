import { expect } from 'chai';
import { startHarness, type Harness } from '../helpers/harness.js';

describe('the flow-test harness is strict about scripted callers', function () {
  let h: Harness;
  afterEach(async () => h.close());

  it('a call whose caller script waits for something that never comes fails the test', async () => {
    h = await startHarness();
    const err = await h.call([{ waitForPrompt: 'hold-ask-permission', timeoutMs: 20_000 }, { press: '1' }]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(err)).to.contain('timed out waiting for').and.contain('hold-ask-permission');
  });

  it('a call that ends while its caller still waits (key 2 leading to the close, say) fails the test', async () => {
    // Key 3 is the opening-hours info, which closes the call: no hold question ever comes.
    h = await startHarness();
    const err = await h.call([{ waitForPrompt: 'menu-options' }, { press: '3' }, { waitForPrompt: 'hold-ask-permission' }, { press: '1' }]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(err)).to.contain('timed out waiting for').and.contain('hold-ask-permission');
    expect(String(err)).to.contain('goodbye');
  });
});

/**
 * Load with faults, small and on virtual time (#12 item 5; the real-time
 * 1,000-call run is `npm run reliability`): 100 concurrent calls while the
 * socket drops twice and 1 % of requests fail. Every call ends, nothing is
 * left behind, and no caller heard a silence longer than SILENCE_LIMIT_MS.
 */
import { expect } from 'chai';
import { runFaultLoad, SILENCE_LIMIT_MS } from './support/fault-load.js';

describe('reliability: load with faults (100 calls, virtual time)', function () {
  this.timeout(120_000);
  it('every call ends, zero leftovers, no silence past the limit, faults really injected', async () => {
    const f = await runFaultLoad({ calls: 100, time: 'virtual' });
    expect(f.ended).to.equal(100);
    expect(f.socketDrops).to.equal(2);
    expect(f.faultsInjected).to.be.greaterThan(2);
    expect(f.leftovers).to.deep.equal({ calls: 0, simChannels: 0, clientChannels: 0, listeners: 0, timers: 0 });
    expect(f.longestSilenceMs).to.be.at.most(SILENCE_LIMIT_MS);
  });
});

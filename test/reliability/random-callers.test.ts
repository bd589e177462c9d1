/**
 * Callers doing random things (silence, speech, valid and garbage keys, *
 * and # anywhere, whole callback numbers) and hanging up at a random moment,
 * on virtual time, seeded: no exception escapes a call, no promise is left
 * rejected, every timer, listener, channel and bridge is gone at the end,
 * and every callback confirmed to a caller is in the store. Then the
 * dialer: random callback requests against colleagues and customers doing
 * random things, two instances on one queue; no dialer error, no request
 * dialled twice at once, every request final, nothing left behind.
 *
 *   FUZZ_SEED=1234 npm test -- --grep 'random callers'   replays a seed
 *   FUZZ_CALLS=10000                                     calls in all (plus a twentieth as dialled callbacks)
 */
import { expect } from 'chai';
import { runRandomInbound } from './random-inbound.js';
import { runRandomDialer } from './random-dialer.js';
import { DIALER_SHARE, dialerSeed } from './random-run.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261203);
const CALLS = Number(process.env['FUZZ_CALLS'] ?? 2_000);

describe(`reliability: random callers (seed ${SEED}, ${CALLS} calls)`, function () {
  this.timeout(0);
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => void rejections.push(reason);
  before(() => process.on('unhandledRejection', onRejection));
  after(() => process.off('unhandledRejection', onRejection));

  it('no escaped error, nothing left behind, every confirmed callback stored', async () => {
    console.log(`      random callers: FUZZ_SEED=${SEED} FUZZ_CALLS=${CALLS} replays this run`);
    const f = await runRandomInbound(SEED, CALLS);
    expect(f.problems).to.deep.equal([]);
    expect(rejections, 'unhandled rejections').to.deep.equal([]);
    console.log(`      random callers: ${f.calls} calls, ${f.confirmed} callbacks confirmed and found in the store, longest silence ${f.longestSilenceMs} ms`);
    expect(f.calls).to.equal(CALLS);
    expect(f.confirmed, 'confirmed callbacks (a run without any checks nothing)').to.be.greaterThan(0);
  });

  it('the dialer: random callbacks, colleagues and customers; no error, no double dial, every request final, nothing left behind', async () => {
    const requests = Math.ceil(CALLS * DIALER_SHARE);
    console.log(`      random callbacks: FUZZ_SEED=${SEED} FUZZ_CALLS=${CALLS} replays this run (${requests} requests)`);
    const f = await runRandomDialer(dialerSeed(SEED), requests);
    expect(f.problems).to.deep.equal([]);
    expect(rejections, 'unhandled rejections').to.deep.equal([]);
    console.log(`      random callbacks: ${f.requests} requests, ${f.attempts} attempts, ${f.completed} completed, longest silence of an answered customer ${f.longestSilenceMs} ms`);
    expect(f.requests).to.equal(requests);
    expect(f.completed, 'completed callbacks (a run that never bridges checks little)').to.be.greaterThan(0);
  });
});

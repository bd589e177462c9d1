/** The store part of the bench runs and gives well-formed figures (no timing assertions: those are for `npm run bench`). */
import { expect } from 'chai';
import { formatPgStoreBench, formatStoreBench, runPgStoreBench, runStoreBench } from '../../bench/store-bench.js';

describe('bench: store part', () => {
  it('a tiny run times captures and claims and prints them', async function () {
    this.timeout(30_000);
    const r = await runStoreBench({ captures: 20, pending: 50, claims: 20 });
    expect(r.capture.count).to.equal(20);
    expect(r.claim).to.include({ count: 20, pending: 50 });
    for (const v of [r.fsync.p50Ms, r.capture.p50Ms, r.capture.p99Ms, r.claim.p50Ms, r.claim.p99Ms]) expect(Number.isFinite(v) && v > 0, String(v)).to.equal(true);
    expect(formatStoreBench(r)).to.contain('capture commit: p50').and.contain('claim with 50 pending');
  });

  it('the PostgreSQL part runs the same series on a schema of its own (TEST_DATABASE_URL)', async function () {
    this.timeout(60_000);
    const url = process.env['TEST_DATABASE_URL'];
    if (!url) {
      if (process.env['CI']) throw new Error('TEST_DATABASE_URL is required under CI');
      console.log('      (skipped: TEST_DATABASE_URL is not set)');
      this.skip();
    }
    const r = await runPgStoreBench(url as string, { captures: 20, pending: 50, claims: 20 });
    expect(r.capture.count).to.equal(20);
    expect(r.claim).to.include({ count: 20, pending: 50 });
    const password = new URL(url as string).password;
    if (password) expect(r.where).to.not.contain(password);
    expect(formatPgStoreBench(r)).to.contain('PostgreSQL').and.contain('capture commit: p50');
  });
});

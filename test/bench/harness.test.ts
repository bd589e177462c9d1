/**
 * The bench harness itself works: a tiny side-by-side run of (b) to (e)
 * (HTTP and REST over the WebSocket, plain and ours) against the simulator
 * gives well-formed rows. No timing assertions (those
 * live in `npm run bench`).
 */
import { expect } from 'chai';
import { RealClock } from '../../src/clock/clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { SimulatedAsterisk } from '../../src/sim/index.js';
import { formatCompare, runCompare } from '../../bench/compare/run-compare.js';

describe('bench harness', () => {
  it('a 5-call run of (b), (c), (d) and (e) gives well-formed results and a table', async function () {
    this.timeout(60_000);
    const sim = new SimulatedAsterisk({ clock: new RealClock(), username: 'bench', password: 'pw', logger: silentLogger() });
    await sim.start();
    try {
      const rows = await runCompare(
        { url: sim.url, username: 'bench', password: 'pw', app: 'bench', calls: 5, concurrency: 2, endpoint: 'Local/silent@caller/n', media: 'sound:beep', only: ['plain-http', 'plain-ws', 'ours-http', 'ours-ws'] },
        'bench/compare/child.ts',
        ['--import', 'tsx'],
      );
      expect(rows.map((r) => r.key)).to.deep.equal(['b', 'c', 'd', 'e']);
      for (const row of rows) {
        if (!('result' in row)) throw new Error(`(${row.key}) did not run: ${row.unavailable}`);
        expect(row.result.calls).to.equal(5);
        expect(row.result.failures).to.equal(0);
        for (const v of [row.result.cpuMsPerCall, row.result.answerP50Ms, row.result.answerP99Ms, row.result.peakRssMb]) {
          expect(Number.isFinite(v) && v > 0, String(v)).to.equal(true);
        }
        expect(row.result.answerP99Ms).to.be.at.least(row.result.answerP50Ms);
      }
      expect(formatCompare(rows).split('\n')).to.have.length(6);
    } finally {
      await sim.stop();
    }
  });
});

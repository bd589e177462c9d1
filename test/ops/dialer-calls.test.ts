/**
 * The real callback dialer on the simulator, watched by the ops server: each
 * attempt's customer leg is booked as a callback call with the colleague's
 * leg beside it, checked against the standards (the opening within 2 s),
 * and kept in the call records.
 */
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { silentLogger } from '../../src/log/logger.js';
import { startOpsServer, type OpsServer } from '../../src/ops/server.js';
import { standardsThresholds } from '../../src/ops/standards-check/thresholds.js';
import { SqliteCallRecords } from '../../src/store/sqlite-call-records.js';
import { CUSTOMER, startDialerFixture, type DialerFixture } from '../dialer/support/dialer-fixture.js';
import { CONFIRMS } from '../dialer/support/logs.js';

const TOKEN = 'dialer-calls-token-0123456789abcd';

describe('ops: the dialer\'s calls on the simulator, booked and checked', function () {
  this.timeout(60_000);
  let f: DialerFixture | undefined;
  let ops: OpsServer | undefined;
  let records: SqliteCallRecords | undefined;
  afterEach(async () => {
    await ops?.close();
    await records?.close();
    await f?.close();
  });

  it('a completed callback: the customer leg as a callback call that passes, the colleague\'s leg beside it, in the records', async () => {
    f = await startDialerFixture();
    const fx = f;
    fx.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 6_000, script: CONFIRMS });
    records = SqliteCallRecords.open(':memory:', fx.clock);
    ops = await startOpsServer({
      host: '127.0.0.1', port: 0, token: TOKEN, runner: new EventEmitter(), queue: fx.queue, ready: async () => ({ ok: true, reasons: [] }),
      clock: fx.clock, logger: silentLogger(), configVersion: () => fx.config.version, records,
      standards: () => standardsThresholds(fx.config.config), dialer: fx.dialers[0],
    });
    await fx.capture();
    await fx.untilReports(1);
    expect(fx.reports[0]?.outcome).to.equal('completed');
    await ops.flushRecords();
    const get = async (p: string): Promise<Record<string, unknown>> => (await fetch((ops as OpsServer).url + p, { headers: { authorization: `Bearer ${TOKEN}` } })).json() as Promise<Record<string, unknown>>;
    const list = (await get('/calls'))['calls'] as { id: string; direction: string; from: string; standards: string; outcome: string }[];
    expect(list).to.have.length(1);
    expect(list[0]).to.include({ direction: 'callback', from: '*******5678', standards: 'pass', outcome: 'transferred' });
    const one = await get(`/calls/${list[0]?.id}`);
    expect(one['verdict']).to.deep.equal({ pass: true, violations: [] });
    const other = one['otherLeg'] as { name: string; timeline: { kind: string }[] };
    expect(other.name).to.equal('colleague');
    expect(other.timeline.some((e) => e.kind === 'whisper')).to.equal(true);
    const stored = await records.listCalls();
    expect(stored.map((r) => [r.direction, r.violations])).to.deep.equal([['callback', []]]);
  });
});

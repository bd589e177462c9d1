/**
 * The PostgreSQL call record store against a real server (TEST_DATABASE_URL),
 * each store in a fresh schema dropped afterwards. Without the URL: skipped
 * visibly on a developer's machine, a failure under CI=true.
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { PgCallRecords } from '../../src/store/pg-call-records.js';
import { EPOCH, record, runCallRecordContract } from './call-records-contract.js';
import { testDatabaseUrl } from '../helpers/pg-test-database.js';


describe('store: PgCallRecords (PostgreSQL)', function () {
  this.timeout(60_000);
  const url = testDatabaseUrl('PostgreSQL call records');
  if (!url) return;
  let admin: pg.Pool;
  const schemas: string[] = [];
  before(() => {
    admin = new pg.Pool({ connectionString: url, max: 2 });
    admin.on('error', () => undefined);
  });
  after(async () => {
    for (const s of schemas.splice(0)) await admin.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await admin.end();
  });
  async function freshSchema(): Promise<string> {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    schemas.push(schema);
    return schema;
  }

  runCallRecordContract('PgCallRecords', async (clock, retention) => {
    const schema = await freshSchema();
    const store = await PgCallRecords.open({ connectionString: url, clock, schema, ...retention });
    return { store, dispose: () => store.close() };
  });

  it('a new store object on the same database (a restart) reads the calls back', async () => {
    const schema = await freshSchema();
    const clock = new VirtualClock(EPOCH + 60_000);
    const first = await PgCallRecords.open({ connectionString: url, clock, schema });
    await first.saveCall(record('before-restart', 0, { outcome: 'callback' }));
    await first.close();
    // Two instances opening at once both find (or make) the one table.
    const [again, other] = await Promise.all([PgCallRecords.open({ connectionString: url, clock, schema }), PgCallRecords.open({ connectionString: url, clock, schema })]);
    expect((await again.getCall('before-restart'))?.outcome).to.equal('callback');
    expect((await other.listCalls({ outcome: 'callback' })).map((r) => r.id)).to.deep.equal(['before-restart']);
    await again.close();
    await other.close();
  });
});

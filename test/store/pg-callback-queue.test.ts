/**
 * The PostgreSQL CallbackQueue against a real server (TEST_DATABASE_URL).
 * Each queue gets its own fresh schema, dropped afterwards. Without the URL
 * the suite is skipped, visibly, on a developer's machine, and fails under
 * CI=true (CI starts a server, so a missing URL there is a broken CI).
 */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { PgCallbackQueue } from '../../src/store/pg-callback-queue.js';
import { PG_MIGRATIONS } from '../../src/store/pg-migrations.js';
import { EPOCH, REQ, runCallbackQueueContract } from './callback-queue-contract.js';
import { testDatabaseUrl } from '../helpers/pg-test-database.js';


describe('store: PgCallbackQueue (PostgreSQL)', function () {
  this.timeout(60_000);
  const url = testDatabaseUrl('PostgreSQL suite');
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

  /** A fresh empty schema; dropped by dropSchema() or, at the latest, after the suite. */
  async function freshSchema(): Promise<string> {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    await admin.query(`CREATE SCHEMA ${schema}`);
    schemas.push(schema);
    return schema;
  }
  async function dropSchema(schema: string): Promise<void> {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    schemas.splice(schemas.indexOf(schema), 1);
  }

  runCallbackQueueContract('PgCallbackQueue', async (clock) => {
    const schema = await freshSchema();
    return { queue: await PgCallbackQueue.open({ connectionString: url, clock, schema }), dispose: () => dropSchema(schema) };
  });

  describe('PostgreSQL specifics', () => {
    let schema: string;
    let clock: VirtualClock;
    const open: PgCallbackQueue[] = [];
    const queue = async (): Promise<PgCallbackQueue> => {
      const q = await PgCallbackQueue.open({ connectionString: url, clock, schema });
      open.push(q);
      return q;
    };
    beforeEach(async () => {
      schema = await freshSchema();
      clock = new VirtualClock(EPOCH);
    });
    afterEach(async () => {
      for (const q of open.splice(0)) await q.close();
      await dropSchema(schema);
    });

    it('two instances starting at once apply each migration once', async () => {
      const [a, b] = await Promise.all([queue(), queue(), queue()]);
      expect(await a?.schemaVersion()).to.equal(PG_MIGRATIONS.at(-1)?.version);
      expect(await b?.schemaVersion()).to.equal(PG_MIGRATIONS.at(-1)?.version);
      const r = await admin.query<{ version: number }>(`SELECT version FROM ${schema}.schema_version ORDER BY version`);
      expect(r.rows.map((x) => x.version)).to.deep.equal(PG_MIGRATIONS.map((m) => m.version));
    });

    it('two pools claiming 200 requests concurrently claim each exactly once', async () => {
      const a = await queue();
      const b = await queue();
      const ids: string[] = [];
      for (let i = 0; i < 200; i++) ids.push((await a.capture({ ...REQ, number: String(13800000000 + i) })).request.id);
      const drain = async (q: PgCallbackQueue, instance: string): Promise<string[]> => {
        const got: string[] = [];
        for (;;) {
          const batch = await q.claim({ instance, targets: ['sales'], leaseMs: 3_600_000, limit: 3 });
          if (batch.length === 0) return got;
          got.push(...batch.map((r) => r.id));
        }
      };
      const [fromA, fromB] = await Promise.all([drain(a, 'a'), drain(b, 'b')]);
      const all = [...(fromA ?? []), ...(fromB ?? [])];
      expect(all).to.have.length(200);
      expect(new Set(all).size, 'no id claimed twice').to.equal(200);
      expect([...all].sort()).to.deep.equal([...ids].sort());
      expect(fromA?.length && fromB?.length, `both pools claimed (${fromA?.length}/${fromB?.length})`).to.be.greaterThan(0);
    });

    it('concurrent captures of one caller from two pools make one request', async () => {
      const a = await queue();
      const b = await queue();
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).capture({ ...REQ, callId: `c${i}` })));
      expect(new Set(results.map((r) => r.request.id)).size).to.equal(1);
      expect(results.filter((r) => !r.merged)).to.have.length(1);
      expect(await a.list()).to.have.length(1);
    });

    it('a lease that runs out on one instance is claimed by another; the first can no longer write', async () => {
      const a = await queue();
      const b = await queue();
      const { request } = await a.capture(REQ);
      expect(await a.claim({ instance: 'a', targets: ['sales'], leaseMs: 30_000 })).to.have.length(1);
      await clock.advance(29_999);
      expect(await b.claim({ instance: 'b', targets: ['sales'], leaseMs: 30_000 })).to.have.length(0);
      await clock.advance(1);
      const [got] = await b.claim({ instance: 'b', targets: ['sales'], leaseMs: 30_000 });
      expect(got?.lease?.instance).to.equal('b');
      expect(await a.renewLease(request.id, 'a', 30_000)).to.equal(false);
      expect(await a.recordAttempt(request.id, 'a', { at: new Date(clock.now()).toISOString(), outcome: 'completed' }, { status: 'completed' })).to.equal(false);
      expect(await b.recordAttempt(request.id, 'b', { at: new Date(clock.now()).toISOString(), outcome: 'completed' }, { status: 'completed' })).to.equal(true);
      expect((await a.get(request.id))?.attempts.map((x) => x.instance)).to.deep.equal(['b']);
    });

    it('a capture the database refuses rejects, leaves nothing behind, and the queue goes on working', async () => {
      const a = await queue();
      let err: unknown;
      // A NUL byte is not valid PostgreSQL text: the INSERT fails inside the transaction.
      await a.capture({ ...REQ, number: '1380\u0000' }).catch((e: unknown) => (err = e));
      expect(err).to.be.instanceOf(Error);
      expect(await a.list()).to.deep.equal([]);
      expect((await a.capture(REQ)).merged).to.equal(false);
      expect(await a.list()).to.have.length(1);
    });
  });
});

/** The SQLite CallbackQueue passes the shared contract suite, on a file and in memory, and keeps its schema. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { SqliteCallbackQueue } from '../../src/store/sqlite-callback-queue.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite-migrations.js';
import { EPOCH, REQ, runCallbackQueueContract } from './callback-queue-contract.js';

runCallbackQueueContract('SqliteCallbackQueue (file)', async (clock) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-sqlite-'));
  return { queue: SqliteCallbackQueue.open(path.join(dir, 'q.sqlite'), clock), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
});

runCallbackQueueContract('SqliteCallbackQueue (:memory:)', async (clock) => ({ queue: SqliteCallbackQueue.open(':memory:', clock) }));

describe('store: SqliteCallbackQueue on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hotline-sqlite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the folder, uses WAL with synchronous=FULL, and records the schema version', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'q.sqlite');
    const q = SqliteCallbackQueue.open(file, new VirtualClock(EPOCH));
    expect(q.schemaVersion()).to.equal(SQLITE_MIGRATIONS.at(-1)?.version);
    await q.close();
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).to.equal('wal');
      expect((db.prepare('SELECT version FROM schema_version ORDER BY version').all() as { version: number }[]).map((r) => r.version)).to.deep.equal(
        SQLITE_MIGRATIONS.map((m) => m.version),
      );
    } finally {
      db.close();
    }
  });

  it('keeps requests, attempts and the do-not-call list across close and reopen (migrations run once)', async () => {
    const file = path.join(dir, 'q.sqlite');
    const clock = new VirtualClock(EPOCH);
    const q1 = SqliteCallbackQueue.open(file, clock);
    const { request } = await q1.capture(REQ);
    await q1.claim({ instance: 'a', targets: ['sales'], leaseMs: 60_000 });
    await q1.recordAttempt(request.id, 'a', { at: new Date(clock.now()).toISOString(), outcome: 'customer-busy' }, { status: 'pending', retryAt: new Date(clock.now() + 60_000).toISOString() });
    await q1.addDoNotCall('13900000009', 'callee');
    await q1.close();
    const q2 = SqliteCallbackQueue.open(file, clock);
    try {
      const again = await q2.get(request.id);
      expect(again).to.include({ status: 'pending', number: REQ.number });
      expect(again?.attempts.map((a) => a.outcome)).to.deep.equal(['customer-busy']);
      expect(await q2.isDoNotCall('13900000009')).to.equal(true);
      expect(q2.schemaVersion()).to.equal(SQLITE_MIGRATIONS.at(-1)?.version);
    } finally {
      await q2.close();
    }
  });

  it('a capture the database refuses rejects and leaves nothing written, new or merged', async () => {
    const file = path.join(dir, 'q.sqlite');
    const clock = new VirtualClock(EPOCH);
    const q = SqliteCallbackQueue.open(file, clock);
    try {
      const first = (await q.capture(REQ)).request;
      // Another connection makes the file refuse writes of call "boom" (as a full disk would refuse any).
      const db = new Database(file);
      db.exec(`CREATE TRIGGER refuse_insert BEFORE INSERT ON callback_requests WHEN NEW.call_id = 'boom' BEGIN SELECT RAISE(ABORT, 'refused'); END;
               CREATE TRIGGER refuse_update BEFORE UPDATE ON callback_requests WHEN NEW.call_id = 'boom' BEGIN SELECT RAISE(ABORT, 'refused'); END;`);
      db.close();
      const errors: unknown[] = [];
      await q.capture({ ...REQ, callId: 'boom' }).catch((e: unknown) => errors.push(e)); // would merge
      await q.capture({ ...REQ, callId: 'boom', number: '13900000009' }).catch((e: unknown) => errors.push(e)); // would insert
      expect(errors.map(String)).to.deep.equal(['SqliteError: refused', 'SqliteError: refused']);
      expect(await q.list()).to.deep.equal([first]);
      expect((await q.capture({ ...REQ, callId: 'c2' })).merged, 'still working').to.equal(true);
    } finally {
      await q.close();
    }
  });

  it('refuses a file whose schema is newer than this code', async () => {
    const file = path.join(dir, 'q.sqlite');
    await SqliteCallbackQueue.open(file, new VirtualClock(EPOCH)).close();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_version (version, description, applied_ms) VALUES (999, ?, 0)').run('from the future');
    db.close();
    expect(() => SqliteCallbackQueue.open(file, new VirtualClock(EPOCH))).to.throw(/version 999, newer/);
  });
});

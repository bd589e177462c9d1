/** The SQLite call record store: the contract, and a restart (a new store object on the same file) keeps the calls. */
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { SqliteCallRecords } from '../../src/store/sqlite-call-records.js';
import { SqliteCallbackQueue } from '../../src/store/sqlite-callback-queue.js';
import { EPOCH, record, runCallRecordContract } from './call-records-contract.js';

describe('store: SqliteCallRecords', function () {
  const dirs: string[] = [];
  const tmpFile = (): string => {
    const d = mkdtempSync(path.join(tmpdir(), 'call-records-'));
    dirs.push(d);
    return path.join(d, 'callbacks.sqlite');
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  runCallRecordContract('SqliteCallRecords', async (clock, retention) => {
    const store = SqliteCallRecords.open(tmpFile(), clock, retention);
    return { store, dispose: () => store.close() };
  });

  it('a new store object on the same file (a restart) reads the calls back, beside the callback queue', async () => {
    const file = tmpFile();
    const clock = new VirtualClock(EPOCH + 60_000);
    // The callback queue's own file: the records take their own table in it.
    const queue = SqliteCallbackQueue.open(file, clock);
    const first = SqliteCallRecords.open(file, clock);
    await first.saveCall(record('before-restart', 0, { violations: [{ rule: 'close-grace', measured: 1500, threshold: 2000, from: 1000, at: 2500, detail: 'early' }] }));
    await first.close();
    const again = SqliteCallRecords.open(file, clock);
    const r = await again.getCall('before-restart');
    expect(r?.violations?.[0]?.rule).to.equal('close-grace');
    expect(r?.timeline.map((e) => e.kind)).to.deep.equal(['call-started', 'answered', 'hangup']);
    expect((await again.listCalls()).map((x) => x.id)).to.deep.equal(['before-restart']);
    expect(queue.schemaVersion()).to.be.greaterThan(0);
    await again.close();
    await queue.close();
  });
});

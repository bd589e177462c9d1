/**
 * The CallRecordStore contract, run against every store (SQLite, PostgreSQL):
 * save and read back whole, newest first with filters, a replaced id, and
 * the retention bounds by count and by age.
 */
import { expect } from 'chai';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import type { CallRecord, CallRecordRetention, CallRecordStore } from '../../src/store/call-records.js';

export const EPOCH = Date.UTC(2026, 11, 3, 2, 0, 0);

/** A finished call record starting `offsetMs` after EPOCH. */
export function record(id: string, offsetMs = 0, extra: Partial<CallRecord> = {}): CallRecord {
  const start = EPOCH + offsetMs;
  return {
    id,
    direction: 'inbound',
    numberMasked: '*******5678',
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + 30_000).toISOString(),
    outcome: 'served',
    endedBy: 'caller',
    relatedIds: [],
    configVersion: 'cfg-1',
    timeline: [
      { t: 0, kind: 'call-started', from: '13912345678' },
      { t: 10, kind: 'answered' },
      { t: 30_000, kind: 'hangup', by: 'caller', cause: 16 },
    ],
    violations: [],
    ...extra,
  };
}

/** Opens a store on `clock` (a fresh one each call unless `reopen` says to reuse the same database). */
export type OpenStore = (clock: VirtualClock, retention?: CallRecordRetention) => Promise<{ store: CallRecordStore; dispose(): Promise<void> }>;

export function runCallRecordContract(name: string, open: OpenStore): void {
  describe(`${name}: the call record contract`, function () {
    let clock: VirtualClock;
    let s: { store: CallRecordStore; dispose(): Promise<void> } | undefined;
    beforeEach(() => {
      clock = new VirtualClock(EPOCH + 3600_000);
    });
    afterEach(async () => {
      await s?.dispose();
      s = undefined;
    });

    it('keeps a record whole: timeline, violations, the other leg', async () => {
      s = await open(clock);
      const r = record('c1', 0, {
        direction: 'callback',
        otherLeg: { name: 'colleague', timeline: [{ t: 0, kind: 'call-started', leg: 'colleague' }] },
        violations: [{ rule: 'dead-air', measured: 6000, threshold: 5000, from: 100, at: 6100, detail: 'six seconds' }],
      });
      await s.store.saveCall(r);
      expect(await s.store.getCall('c1')).to.deep.equal(r);
      expect(await s.store.getCall('nope')).to.equal(undefined);
    });

    it('lists newest first, by since / until / outcome / limit; the same id replaces', async () => {
      s = await open(clock);
      await s.store.saveCall(record('a', 0));
      await s.store.saveCall(record('b', 60_000, { outcome: 'abandoned' }));
      await s.store.saveCall(record('c', 120_000));
      expect((await s.store.listCalls()).map((r) => r.id)).to.deep.equal(['c', 'b', 'a']);
      expect((await s.store.listCalls({ since: new Date(EPOCH + 60_000).toISOString() })).map((r) => r.id)).to.deep.equal(['c', 'b']);
      expect((await s.store.listCalls({ until: new Date(EPOCH + 60_000).toISOString() })).map((r) => r.id)).to.deep.equal(['a']);
      expect((await s.store.listCalls({ outcome: 'abandoned' })).map((r) => r.id)).to.deep.equal(['b']);
      expect((await s.store.listCalls({ limit: 1 })).map((r) => r.id)).to.deep.equal(['c']);
      await s.store.saveCall(record('a', 0, { outcome: 'failed' }));
      expect((await s.store.listCalls()).map((r) => `${r.id}:${r.outcome}`)).to.deep.equal(['c:served', 'b:abandoned', 'a:failed']);
    });

    it('keeps an older call whose id came back: getCall gives the newest, the list shows both', async () => {
      s = await open(clock);
      await s.store.saveCall(record('1796342400.0', 0, { outcome: 'no-sound' }));
      await s.store.saveCall(record('1796342400.0', 600_000, { outcome: 'served' }));
      expect((await s.store.getCall('1796342400.0'))?.outcome).to.equal('served');
      expect((await s.store.listCalls()).map((r) => r.outcome)).to.deep.equal(['served', 'no-sound']);
      await s.store.saveCall(record('1796342400.0', 0, { outcome: 'failed' }));
      expect((await s.store.listCalls()).map((r) => r.outcome)).to.deep.equal(['served', 'failed']);
    });

    it('keeps at most maxRecords, dropping the oldest written first', async () => {
      s = await open(clock, { maxRecords: 3 });
      for (let i = 0; i < 5; i++) await s.store.saveCall(record(`r${i}`, i * 1000));
      expect((await s.store.listCalls()).map((r) => r.id)).to.deep.equal(['r4', 'r3', 'r2']);
      expect(await s.store.getCall('r0')).to.equal(undefined);
    });

    it('drops records older than maxAgeMs (by start time, on the injected clock)', async () => {
      s = await open(clock, { maxAgeMs: 3600_000 });
      await s.store.saveCall(record('old', 0));
      await s.store.saveCall(record('new', 30 * 60_000));
      expect((await s.store.listCalls()).map((r) => r.id)).to.deep.equal(['new', 'old']);
      await clock.advance(10 * 60_000);
      await s.store.saveCall(record('newer', 50 * 60_000));
      expect((await s.store.listCalls()).map((r) => r.id)).to.deep.equal(['newer', 'new']);
    });
  });
}

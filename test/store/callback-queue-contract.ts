/**
 * The one test suite every CallbackQueue passes (memory, SQLite, PostgreSQL):
 * the invariants written in src/store/callback-queue.ts, on a VirtualClock
 * with a fixed epoch so nothing depends on the wall clock or timezone.
 */
import { expect } from 'chai';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import type { CallbackQueue, NewCallbackRequest } from '../../src/store/callback-queue.js';

/** A queue for one test, and how to throw its storage away afterwards. */
export interface QueueUnderTest {
  queue: CallbackQueue;
  /** Runs after the queue is closed (drop the schema, remove the file). */
  dispose?: () => Promise<void>;
}

/** Builds a fresh, empty queue on the given clock. */
export type MakeQueue = (clock: VirtualClock) => Promise<QueueUnderTest>;

/** Fixed start of virtual time: 2026-11-24 02:00 UTC. */
export const EPOCH = Date.UTC(2026, 10, 24, 2, 0, 0);

export const REQ: NewCallbackRequest = {
  callId: 'c1', number: '13800000001', lineType: 'mobile', target: 'sales', reason: 'busy', language: 'zh-CN', callerNumber: '13800000001',
};

const at = (clock: VirtualClock): string => new Date(clock.now()).toISOString();

/** Registers the contract's tests for one implementation. */
export function runCallbackQueueContract(name: string, makeQueue: MakeQueue): void {
  describe(`store contract: ${name}`, function () {
    let clock: VirtualClock;
    let q: CallbackQueue;
    let current: QueueUnderTest | undefined;
    beforeEach(async () => {
      clock = new VirtualClock(EPOCH);
      current = await makeQueue(clock);
      q = current.queue;
    });
    afterEach(async () => {
      await current?.queue.close();
      await current?.dispose?.();
      current = undefined;
    });

    it('captures a pending request with every field, due now, no attempts', async () => {
      const { request, merged } = await q.capture({ ...REQ, extension: '123', nameRecording: 'rec-1' });
      expect(merged).to.equal(false);
      expect(request).to.include({ ...REQ, extension: '123', nameRecording: 'rec-1', status: 'pending', createdAt: at(clock), notBefore: at(clock) });
      expect(request.attempts).to.deep.equal([]);
      expect(request.lease).to.equal(undefined);
      expect(await q.get(request.id)).to.deep.equal(request);
      expect(await q.get('no-such-id')).to.equal(undefined);
    });

    it('refuses a number or extension that is not plain digits, and writes nothing', async () => {
      const bad: Partial<NewCallbackRequest>[] = [
        { number: '138-1234-5678' }, { number: '12' }, { number: '' }, { number: '1'.repeat(21) }, { number: "138'; DROP TABLE x; --" },
        { extension: '12a' }, { extension: '' }, { extension: '12345678901' },
        { lineType: 'fax' as NewCallbackRequest['lineType'] }, { target: ' ' },
      ];
      for (const b of bad) {
        const why = await q.capture({ ...REQ, ...b }).then(() => 'stored', (e: Error) => e.message);
        expect(why, JSON.stringify(b)).to.match(/^callback request refused: /);
      }
      expect(await q.list()).to.deep.equal([]);
      // The edges that are fine: 3 and 20 digits, an extension of digits.
      for (const number of ['123', '1'.repeat(20)]) expect((await q.capture({ ...REQ, number, extension: '0123' })).merged).to.equal(false);
    });

    it('merges the same number and target inside the window, adds a new one after it', async () => {
      const a = await q.capture(REQ);
      const b = await q.capture({ ...REQ, callId: 'c2' });
      expect(b.merged).to.equal(true);
      expect(b.request.id).to.equal(a.request.id);
      expect(b.request.callId).to.equal('c2');
      await clock.advance(30 * 60_000);
      const c = await q.capture(REQ);
      expect(c.merged).to.equal(false);
      expect(await q.list()).to.have.length(2);
    });

    it('merges only open requests of the same number and target; a custom window is honoured', async () => {
      const a = await q.capture(REQ);
      expect((await q.capture({ ...REQ, target: 'support' })).merged, 'other target').to.equal(false);
      expect((await q.capture({ ...REQ, number: '13800000002' })).merged, 'other number').to.equal(false);
      await clock.advance(60_000);
      expect((await q.capture(REQ, { mergeWindowMs: 60_000 })).merged, 'outside a 1-minute window').to.equal(false);
      expect(await q.cancel(a.request.id, 'ops')).to.equal(true);
      const all = await q.list({ target: 'sales', status: ['pending'] });
      expect(all.map((r) => r.number)).to.deep.equal(['13800000002', '13800000001']);
      // The open one left is merged into; the cancelled one never is.
      const merged = await q.capture({ ...REQ, callId: 'c9', extension: '55' });
      expect(merged.merged).to.equal(true);
      expect(merged.request.id).to.equal(all[1]?.id);
      expect(merged.request.extension).to.equal('55');
      expect((await q.get(a.request.id))?.status).to.equal('cancelled');
    });

    it('merges into a dialing request too (it is still open)', async () => {
      const a = await q.capture(REQ);
      await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 60_000 });
      const b = await q.capture({ ...REQ, callId: 'c2' });
      expect(b.merged).to.equal(true);
      expect(b.request).to.include({ id: a.request.id, status: 'dialing' });
    });

    it('claim hands a request to one instance; an expired lease returns it to the queue', async () => {
      const { request } = await q.capture(REQ);
      expect(await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 10_000 })).to.have.length(1);
      expect(await q.claim({ instance: 'b', targets: ['sales'], leaseMs: 10_000 })).to.have.length(0);
      await clock.advance(5_000);
      expect(await q.renewLease(request.id, 'a', 10_000)).to.equal(true);
      await clock.advance(9_000);
      expect(await q.claim({ instance: 'b', targets: ['sales'], leaseMs: 10_000 })).to.have.length(0);
      await clock.advance(1_000);
      expect(await q.renewLease(request.id, 'a', 10_000)).to.equal(false);
      expect(await q.claim({ instance: 'b', targets: ['sales'], leaseMs: 10_000 })).to.have.length(1);
      const ok = await q.recordAttempt(request.id, 'a', { at: at(clock), outcome: 'customer-busy' }, { status: 'failed' });
      expect(ok, 'the old holder writes nothing').to.equal(false);
      expect((await q.get(request.id))?.attempts).to.deep.equal([]);
    });

    it('a claimed request shows dialing with its lease; once the lease runs out it reads as pending', async () => {
      const { request } = await q.capture(REQ);
      const [got] = await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 10_000 });
      const until = new Date(clock.now() + 10_000).toISOString();
      expect(got).to.include({ id: request.id, status: 'dialing' });
      expect(got?.lease).to.deep.equal({ instance: 'a', until });
      expect((await q.get(request.id))?.lease).to.deep.equal({ instance: 'a', until });
      expect((await q.list({ status: ['dialing'] })).map((r) => r.id)).to.deep.equal([request.id]);
      await clock.advance(10_000);
      const after = await q.get(request.id);
      expect(after?.status).to.equal('pending');
      expect(after?.lease).to.equal(undefined);
      expect(await q.list({ status: ['dialing'] })).to.have.length(0);
      expect((await q.list({ status: ['pending'] })).map((r) => r.id)).to.deep.equal([request.id]);
    });

    it('only the lease holder renews or records; a stranger writes nothing', async () => {
      const { request } = await q.capture(REQ);
      await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 10_000 });
      expect(await q.renewLease(request.id, 'b', 10_000)).to.equal(false);
      expect(await q.recordAttempt(request.id, 'b', { at: at(clock), outcome: 'completed' }, { status: 'completed' })).to.equal(false);
      expect(await q.renewLease('no-such-id', 'a', 10_000)).to.equal(false);
      const still = await q.get(request.id);
      expect(still).to.include({ status: 'dialing' });
      expect(still?.attempts).to.deep.equal([]);
      expect(await q.recordAttempt(request.id, 'a', { at: at(clock), outcome: 'target-busy', reason: 'all agents busy' }, { status: 'failed', reason: 'gave up' })).to.equal(true);
      const done = await q.get(request.id);
      expect(done).to.include({ status: 'failed', closedReason: 'gave up' });
      expect(done?.attempts).to.deep.equal([{ at: at(clock), outcome: 'target-busy', reason: 'all agents busy', instance: 'a' }]);
      expect(await q.renewLease(request.id, 'a', 10_000), 'a recorded attempt ends the lease').to.equal(false);
    });

    it('release gives a held request back, pending from the new notBefore, with no attempt; only the holder can', async () => {
      const { request } = await q.capture(REQ);
      await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 10_000 });
      const later = new Date(clock.now() + 3_600_000).toISOString();
      expect(await q.release(request.id, 'b', later), 'a stranger releases nothing').to.equal(false);
      expect(await q.release(request.id, 'a', later)).to.equal(true);
      const back = await q.get(request.id);
      expect(back).to.include({ status: 'pending', notBefore: later });
      expect(back?.lease).to.equal(undefined);
      expect(back?.attempts).to.deep.equal([]);
      expect(await q.renewLease(request.id, 'a', 10_000), 'the release ended the lease').to.equal(false);
      expect(await q.release(request.id, 'a', later), 'a pending request is not held').to.equal(false);
      // Not claimable before the new notBefore, by anyone; claimable from it.
      await clock.advance(3_600_000 - 1);
      expect(await q.claim({ instance: 'b', targets: ['sales'], leaseMs: 10_000 })).to.have.length(0);
      await clock.advance(1);
      expect((await q.claim({ instance: 'b', targets: ['sales'], leaseMs: 10_000 })).map((r) => r.id)).to.deep.equal([request.id]);
      // An expired lease cannot be released by its old holder.
      await clock.advance(10_000);
      expect(await q.release(request.id, 'b', later)).to.equal(false);
      const bad = await q.release(request.id, 'a', 'not a time').then(() => 'resolved', (e: Error) => e.message);
      expect(bad).to.match(/not an ISO time/);
    });

    it('claims only its targets, only once notBefore has come; final states are never claimed', async () => {
      const { request } = await q.capture(REQ);
      await q.capture({ ...REQ, target: 'support', number: '13900000002' });
      const [got] = await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 60_000 });
      expect(got?.id).to.equal(request.id);
      const retryAt = new Date(clock.now() + 60_000).toISOString();
      expect(await q.recordAttempt(request.id, 'a', { at: at(clock), outcome: 'customer-busy' }, { status: 'pending', retryAt })).to.equal(true);
      expect((await q.get(request.id))?.notBefore).to.equal(retryAt);
      expect(await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 60_000 })).to.have.length(0);
      await clock.advance(59_999);
      expect(await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 60_000 })).to.have.length(0);
      await clock.advance(1);
      expect(await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 60_000 })).to.have.length(1);
      await q.recordAttempt(request.id, 'a', { at: at(clock), outcome: 'completed' }, { status: 'completed' });
      await clock.advance(3_600_000);
      expect(await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 60_000 })).to.have.length(0);
      expect(await q.markDone(request.id, 'ops')).to.equal(false);
      expect((await q.get(request.id))?.attempts.map((a) => a.outcome)).to.deep.equal(['customer-busy', 'completed']);
      expect((await q.claim({ instance: 'a', targets: ['support', 'other'], leaseMs: 60_000 })).map((r) => r.target)).to.deep.equal(['support']);
      expect(await q.claim({ instance: 'a', targets: [], leaseMs: 60_000 }), 'no targets, nothing claimed').to.have.length(0);
    });

    it('claims in due order: the earliest notBefore first, then the oldest', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push((await q.capture({ ...REQ, number: `1380000020${i}` })).request.id);
        await clock.advance(1_000);
      }
      // The oldest is tried and due again 2.5 s after the first capture, after the other two became due (1 s, 2 s).
      const [first] = await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 600_000, limit: 1 });
      expect(first?.id).to.equal(ids[0]);
      await q.recordAttempt(ids[0] ?? '', 'a', { at: at(clock), outcome: 'customer-busy' }, { status: 'pending', retryAt: new Date(EPOCH + 2_500).toISOString() });
      // And a lapsed lease keeps its place by its own due time (the second, due at EPOCH + 1 s).
      await q.claim({ instance: 'dead', targets: ['sales'], leaseMs: 1_000, limit: 1 });
      await clock.advance(10_000);
      const all = await q.claim({ instance: 'b', targets: ['sales'], leaseMs: 600_000 });
      expect(all.map((r) => r.id)).to.deep.equal([ids[1], ids[2], ids[0]]);
    });

    it('claims oldest first, at most limit at a time', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await q.capture({ ...REQ, number: `1380000010${i}` })).request.id);
        await clock.advance(1_000);
      }
      const first = await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 600_000, limit: 2 });
      expect(first.map((r) => r.id)).to.deep.equal(ids.slice(0, 2));
      const rest = await q.claim({ instance: 'b', targets: ['sales'], leaseMs: 600_000, limit: 10 });
      expect(rest.map((r) => r.id)).to.deep.equal(ids.slice(2));
    });

    it('every final state is final: no claim, no attempt, no ops action changes it', async () => {
      const ids: Record<string, string> = {};
      for (const [i, status] of (['completed', 'failed', 'cancelled'] as const).entries()) {
        const { request } = await q.capture({ ...REQ, number: `1390000000${i}` });
        ids[status] = request.id;
        await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 60_000 });
        expect(await q.recordAttempt(request.id, 'a', { at: at(clock), outcome: 'failed' }, { status, reason: `ended ${status}` })).to.equal(true);
      }
      await clock.advance(24 * 3_600_000);
      expect(await q.claim({ instance: 'b', targets: ['sales'], leaseMs: 60_000 })).to.have.length(0);
      for (const [status, id] of Object.entries(ids)) {
        expect(await q.markDone(id, 'ops')).to.equal(false);
        expect(await q.cancel(id, 'ops')).to.equal(false);
        expect(await q.recordAttempt(id, 'a', { at: at(clock), outcome: 'completed' }, { status: 'completed' })).to.equal(false);
        expect(await q.get(id)).to.include({ status, closedReason: `ended ${status}` });
      }
      expect((await q.capture({ ...REQ, number: '13900000000' })).merged, 'a final request is not merged into').to.equal(false);
    });

    it('markDone and cancel close open requests (pending or dialing) and say who', async () => {
      const a = (await q.capture(REQ)).request;
      const b = (await q.capture({ ...REQ, number: '13800000002' })).request;
      await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 60_000, limit: 1 });
      expect(await q.markDone(a.id, 'ops-anna')).to.equal(true);
      expect(await q.cancel(b.id, 'ops-ben')).to.equal(true);
      expect(await q.get(a.id)).to.include({ status: 'completed', closedReason: 'done by ops-anna' });
      expect((await q.get(a.id))?.lease).to.equal(undefined);
      expect(await q.get(b.id)).to.include({ status: 'cancelled', closedReason: 'cancelled by ops-ben' });
      expect(await q.recordAttempt(a.id, 'a', { at: at(clock), outcome: 'completed' }, { status: 'completed' }), 'the dialer lost it').to.equal(false);
      expect(await q.markDone('no-such-id', 'ops')).to.equal(false);
      expect(await q.cancel('no-such-id', 'ops')).to.equal(false);
    });

    it('list filters by status, since, target and limit, oldest first', async () => {
      const a = (await q.capture(REQ)).request;
      await clock.advance(60_000);
      const b = (await q.capture({ ...REQ, number: '13800000002', target: 'support' })).request;
      await clock.advance(60_000);
      const c = (await q.capture({ ...REQ, number: '13800000003' })).request;
      await q.cancel(c.id, 'ops');
      expect((await q.list()).map((r) => r.id)).to.deep.equal([a.id, b.id, c.id]);
      expect((await q.list({ status: ['pending'] })).map((r) => r.id)).to.deep.equal([a.id, b.id]);
      expect((await q.list({ status: ['cancelled', 'completed'] })).map((r) => r.id)).to.deep.equal([c.id]);
      expect((await q.list({ since: b.createdAt })).map((r) => r.id)).to.deep.equal([b.id, c.id]);
      expect((await q.list({ target: 'sales' })).map((r) => r.id)).to.deep.equal([a.id, c.id]);
      expect((await q.list({ limit: 2 })).map((r) => r.id)).to.deep.equal([a.id, b.id]);
      expect((await q.list({ target: 'sales', status: ['pending'], since: a.createdAt, limit: 5 })).map((r) => r.id)).to.deep.equal([a.id]);
      expect(await q.list({ target: 'nobody' })).to.deep.equal([]);
    });

    it('do-not-call list', async () => {
      await q.addDoNotCall('13800000001', 'callee');
      await q.addDoNotCall('13800000001', 'ops'); // adding twice is fine
      expect(await q.isDoNotCall('13800000001')).to.equal(true);
      expect(await q.isDoNotCall('13800000009')).to.equal(false);
    });

    it('ping answers while open; a closed queue rejects ping and capture cleanly', async () => {
      await q.ping();
      await q.close();
      await q.close(); // closing twice is harmless
      const errors: unknown[] = [];
      await q.ping().catch((e: unknown) => errors.push(e));
      await q.capture(REQ).catch((e: unknown) => errors.push(e));
      await q.list().catch((e: unknown) => errors.push(e));
      expect(errors).to.have.length(3);
      for (const e of errors) expect(String(e)).to.match(/closed/);
    });
  });
}

/** The in-memory CallbackQueue keeps the contract's invariants (on a virtual clock). */
import { expect } from 'chai';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';
import type { NewCallbackRequest } from '../../src/store/callback-queue.js';

const REQ: NewCallbackRequest = {
  callId: 'c1', number: '13800000001', lineType: 'mobile', target: 'sales', reason: 'busy', language: 'zh-CN', callerNumber: '13800000001',
};

describe('store: MemoryCallbackQueue', () => {
  let clock: VirtualClock;
  let q: MemoryCallbackQueue;
  beforeEach(() => {
    clock = new VirtualClock(Date.UTC(2026, 10, 24, 2, 0, 0));
    q = new MemoryCallbackQueue(clock);
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
    const ok = await q.recordAttempt(request.id, 'a', { at: new Date(clock.now()).toISOString(), outcome: 'customer-busy' }, { status: 'failed' });
    expect(ok, 'the old holder writes nothing').to.equal(false);
  });

  it('claims only its targets, only once notBefore has come; final states are never claimed', async () => {
    const { request } = await q.capture(REQ);
    await q.capture({ ...REQ, target: 'support', number: '13900000002' });
    const [got] = await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 60_000 });
    expect(got?.id).to.equal(request.id);
    const retryAt = new Date(clock.now() + 60_000).toISOString();
    expect(await q.recordAttempt(request.id, 'a', { at: new Date(clock.now()).toISOString(), outcome: 'customer-busy' }, { status: 'pending', retryAt })).to.equal(true);
    expect(await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 60_000 })).to.have.length(0);
    await clock.advance(60_000);
    expect(await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 60_000 })).to.have.length(1);
    await q.recordAttempt(request.id, 'a', { at: new Date(clock.now()).toISOString(), outcome: 'completed' }, { status: 'completed' });
    await clock.advance(3_600_000);
    expect(await q.claim({ instance: 'a', targets: ['sales'], leaseMs: 60_000 })).to.have.length(0);
    expect(await q.markDone(request.id, 'ops')).to.equal(false);
    expect((await q.get(request.id))?.attempts.map((a) => a.outcome)).to.deep.equal(['customer-busy', 'completed']);
  });

  it('do-not-call list, and a closed queue rejects', async () => {
    await q.addDoNotCall('13800000001', 'callee');
    expect(await q.isDoNotCall('13800000001')).to.equal(true);
    expect(await q.isDoNotCall('13800000009')).to.equal(false);
    await q.close();
    let err: unknown;
    await q.ping().catch((e: unknown) => (err = e));
    expect(String(err)).to.match(/closed/);
  });
});

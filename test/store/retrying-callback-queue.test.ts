/** A store that cannot be opened yet: calls reject with the reason, one log line, retried with backoff until it opens. */
import { expect } from 'chai';
import winston from 'winston';
import { LogLines } from '../helpers/log-lines.js';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';
import { RetryingCallbackQueue } from '../../src/store/retrying-callback-queue.js';
import type { NewCallbackRequest } from '../../src/store/callback-queue.js';

const REQ: NewCallbackRequest = { callId: 'c1', number: '13800000001', lineType: 'mobile', target: 'service-desk', reason: 'busy', language: 'zh-CN', callerNumber: '13800000001' };

describe('store: RetryingCallbackQueue', () => {
  it('rejects with the reason while the store is down, logs it once, and serves once the retry opens it', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 10, 24, 2, 0, 0));
    const lines = new LogLines();
    const logger = winston.createLogger({ transports: [lines] });
    let tries = 0;
    const q = new RetryingCallbackQueue({
      clock,
      logger,
      where: 'PostgreSQL postgres://hotline:***@db/hotline',
      backoff: { baseMs: 1_000, capMs: 4_000, random: () => 0 },
      open: async () => {
        tries++;
        if (tries < 4) throw new Error('cannot open the PostgreSQL callback queue at postgres://hotline:***@db/hotline: connect ECONNREFUSED');
        return new MemoryCallbackQueue(clock);
      },
    });
    await q.firstAttempt;
    expect(q.isOpen).to.equal(false);
    let err: unknown;
    await q.capture(REQ).catch((e: unknown) => (err = e));
    expect(String(err)).to.contain('ECONNREFUSED');
    await q.ping().catch((e: unknown) => (err = e));
    expect(String(err)).to.contain('ECONNREFUSED');
    await clock.advance(60_000);
    expect(tries).to.equal(4);
    expect(q.isOpen).to.equal(true);
    expect(lines.lines.filter((l) => (JSON.parse(l) as { level: string }).level === 'error')).to.have.length(1);
    expect(lines.lines.some((l) => l.includes('open again'))).to.equal(true);
    const { request } = await q.capture(REQ);
    expect((await q.get(request.id))?.number).to.equal('13800000001');
    await q.close();
  });

  it('close stops the retries', async () => {
    const clock = new VirtualClock(0);
    let tries = 0;
    const q = new RetryingCallbackQueue({ clock, logger: winston.createLogger({ silent: true }), where: 'x', open: async () => { tries++; throw new Error('down'); } });
    await q.firstAttempt;
    await q.close();
    await clock.advance(600_000);
    expect(tries).to.equal(1);
    expect(clock.pendingTimers()).to.equal(0);
  });
});

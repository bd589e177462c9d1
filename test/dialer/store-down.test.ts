/** The callback queue failing under a running dialer: one clear log line, no dial, no crash; dialling resumes when it answers again. */
import { expect } from 'chai';
import winston from 'winston';
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';
import { LogLines } from '../helpers/log-lines.js';
import { CUSTOMER, startDialerFixture, type DialerFixture } from './support/dialer-fixture.js';
import { CONFIRMS } from './support/logs.js';

describe('dialer: the callback queue goes away mid-run', function () {
  this.timeout(30_000);
  let f: DialerFixture;
  afterEach(async () => {
    await f?.close();
  });

  it('logs one error while every claim fails, dials nothing, and one line when the queue answers again', async () => {
    let down = false;
    /** PostgreSQL gone: every claim rejects the way pg does. */
    class FlakyQueue extends MemoryCallbackQueue {
      override async claim(o: Parameters<MemoryCallbackQueue['claim']>[0]): ReturnType<MemoryCallbackQueue['claim']> {
        if (down) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return super.claim(o);
      }
    }
    const lines = new LogLines();
    f = await startDialerFixture({ queue: (clock) => new FlakyQueue(clock), logger: winston.createLogger({ level: 'debug', transports: [lines] }) });
    f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 2_000, script: CONFIRMS });
    down = true;
    const req = await f.capture();
    // Ten minutes of polls by both targets' workers (every 15 s).
    await f.clock.advance(10 * 60_000);
    const dialer = lines.lines.map((l) => JSON.parse(l) as { level: string; message: string; component?: string }).filter((e) => e.component === 'dialer');
    expect(dialer.filter((e) => e.level === 'error').map((e) => e.message)).to.deep.equal([
      'dialer: the callback queue failed; no callback is dialled until it answers again (tried every poll): connect ECONNREFUSED 127.0.0.1:5432',
    ]);
    expect(dialer.filter((e) => e.level === 'debug' && e.message.includes('still fails')).length).to.be.above(40);
    expect(f.sim.callsTo('PJSIP/2002')).to.have.length(0);
    down = false;
    await f.untilReports(1, 60_000);
    expect(f.reports[0]?.outcome).to.equal('completed');
    expect((await f.queue.get(req.id))?.status).to.equal('completed');
    const after = lines.lines.map((l) => JSON.parse(l) as { level: string; message: string; component?: string }).filter((e) => e.component === 'dialer');
    expect(after.filter((e) => e.level === 'info' && e.message.includes('answers again')).map((e) => e.message)).to.deep.equal(['dialer: the callback queue answers again; dialling resumes']);
    expect(after.filter((e) => e.level === 'error').map((e) => e.message)).to.have.length(1);
  });
});

/** Call records whose store is down at start-up: calls go on, one log line, retried until it opens. */
import { expect } from 'chai';
import winston from 'winston';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { RetryingCallRecords } from '../../src/store/retrying-call-records.js';
import { SqliteCallRecords } from '../../src/store/sqlite-call-records.js';
import { LogLines } from '../helpers/log-lines.js';
import { EPOCH, record } from './call-records-contract.js';

describe('store: RetryingCallRecords', () => {
  it('rejects while the store cannot be opened, logs that once, and serves once a retry opens it', async () => {
    const clock = new VirtualClock(EPOCH + 60_000);
    const lines = new LogLines();
    let tries = 0;
    const r = new RetryingCallRecords({
      clock,
      logger: winston.createLogger({ transports: [lines] }),
      retryMs: 30_000,
      open: async () => {
        if (++tries < 3) throw new Error('cannot open the call records in PostgreSQL postgres://h:***@db/h: connect ECONNREFUSED');
        return SqliteCallRecords.open(':memory:', clock);
      },
    });
    await r.firstAttempt;
    expect(r.isOpen).to.equal(false);
    let err: unknown;
    await r.saveCall(record('c1')).catch((e: unknown) => (err = e));
    expect(String(err)).to.match(/not open: cannot open the call records .*ECONNREFUSED/);
    await clock.advance(30_000);
    expect(r.isOpen).to.equal(false);
    await clock.advance(30_000);
    expect(r.isOpen).to.equal(true);
    expect(tries).to.equal(3);
    await r.saveCall(record('c2'));
    expect((await r.listCalls()).map((x) => x.id)).to.deep.equal(['c2']);
    const msgs = lines.lines.map((l) => JSON.parse(l) as { level: string; message: string });
    expect(msgs.filter((m) => m.level === 'error')).to.have.length(1);
    expect(msgs.filter((m) => m.level === 'info').map((m) => m.message)).to.deep.equal(['call records open again; finished calls are written to the store']);
    await r.close();
    await clock.advance(60_000);
    expect(tries).to.equal(3);
  });
});

/**
 * Logs keep personal data out: a caller who leaves a callback number and an
 * extension, logged at debug through the real service over the simulator,
 * and no log line carries a whole phone number (caller id, callback number,
 * extension: the last 4 digits only), while the timeline ops read keeps them.
 */
import { expect } from 'chai';
import winston from 'winston';
import { LogLines } from '../helpers/log-lines.js';
import { startHarness, type Harness } from '../helpers/harness.js';

describe('logs keep phone numbers out (real service on the simulator, debug level)', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('no whole number in any log line; masked ones are there; the timeline keeps the whole number', async () => {
    const lines = new LogLines();
    h = await startHarness({ logger: winston.createLogger({ level: 'debug', transports: [lines] }) });
    const s = await h.call([
      { waitForPrompt: 'menu-options' }, { press: '0' }, { waitForPrompt: 'busy-choice', on: 'end' }, { press: '1' },
      { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '01012345678#' }, { waitForPrompt: 'callback-confirm', on: 'end' }, { press: '1' },
      { waitForPrompt: 'callback-record-name', on: 'end' }, { speak: 1_000 }, { waitForPrompt: 'callback-landline', on: 'end' }, { press: '80123#' },
      { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 120_000 }, { hangup: true },
    ], '13912345678');
    expect(s.timeline.find((e) => e.kind === 'callback-stored')?.['number']).to.equal('01012345678');
    expect(lines.lines.length).to.be.greaterThan(50);
    const whole = ['13912345678', '01012345678', '80123'];
    const leaks = lines.lines.filter((l) => whole.some((n) => new RegExp(`(?<![0-9A-Za-z-])${n}(?![0-9A-Za-z])`).test(l)));
    expect(leaks.slice(0, 3)).to.deep.equal([]);
    expect(lines.lines.some((l) => l.includes('*******5678'))).to.equal(true);
  });
});

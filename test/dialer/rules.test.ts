/** The dialer's pure rules: dial strings, the do-not-call file, what comes after an attempt, calling hours. */
import { expect } from 'chai';
import { customerDialString, deviceOfDial, parseCallerId } from '../../src/dialer/dial-strings.js';
import { parseDoNotCall } from '../../src/dialer/do-not-call.js';
import { nextStep } from '../../src/dialer/next-step.js';
import { mayCall, nextCallingTime } from '../../src/dialer/calling-hours.js';
import { leaseMsFor } from '../../src/dialer/lease-keeper.js';
import type { CallbackRequest } from '../../src/store/callback-queue.js';
import { testConfig, OPEN_TIME, CLOSED_TIME } from '../helpers/harness.js';

const dialer = testConfig({ dialer: { enabled: true, retryMinutes: [10, 30], maxAttempts: 3 } }).config.dialer;
if (!dialer) throw new Error('the shipped config has a dialer section');
const request = (outcomes: CallbackRequest['attempts'][number]['outcome'][]): CallbackRequest =>
  ({ attempts: outcomes.map((outcome) => ({ at: '', outcome, instance: 'a' })) }) as unknown as CallbackRequest;

describe('dialer: rules', () => {
  it('reads device names from target dial strings; Local targets have none', () => {
    expect(deviceOfDial('PJSIP/2001')).to.equal('PJSIP/2001');
    expect(deviceOfDial('PJSIP/2001/n')).to.equal('PJSIP/2001');
    expect(deviceOfDial('SIP/desk@pbx')).to.equal('SIP/desk');
    expect(deviceOfDial('Local/sales@agents')).to.equal(undefined);
  });

  it('builds a customer dial string only from digits', () => {
    expect(customerDialString('PJSIP/{number}@trunk', '13812345678')).to.equal('PJSIP/13812345678@trunk');
    for (const bad of ['138@x', '138/PJSIP/1', '138&PJSIP/2', '', '12', '+8613812345678', '138 1234']) {
      expect(customerDialString('PJSIP/{number}@trunk', bad), bad).to.equal(undefined);
    }
    expect(parseCallerId('"Hotline" <4001234567>')).to.deep.equal({ name: 'Hotline', number: '4001234567' });
    expect(parseCallerId('4001234567')).to.deep.equal({ name: '', number: '4001234567' });
  });

  it('a trunk without {number} is refused by the schema', () => {
    expect(() => testConfig({ dialer: { enabled: true, trunk: 'PJSIP/trunk' } })).to.throw(/\{number\}/);
  });

  it('reads the do-not-call file: one number a line, # comments, blanks ignored', () => {
    expect([...parseDoNotCall('# list\n13800000000\n\n 139-0000-0000  # by letter\n#13700000000\n')]).to.deep.equal(['13800000000', '13900000000']);
  });

  it('spaces retries by retryMinutes (the last repeats) and fails after maxAttempts; target-side outcomes do not count', () => {
    const now = OPEN_TIME;
    const retryAt = (s: ReturnType<typeof nextStep>): number => (s.status === 'pending' ? Date.parse(s.retryAt) : NaN);
    expect(retryAt(nextStep({ outcome: 'customer-busy', reason: '', request: request([]), config: dialer, now }))).to.equal(now + 10 * 60_000);
    expect(retryAt(nextStep({ outcome: 'machine', reason: '', request: request(['customer-busy', 'target-busy']), config: dialer, now }))).to.equal(now + 30 * 60_000);
    expect(nextStep({ outcome: 'customer-no-answer', reason: 'x', request: request(['customer-busy', 'machine']), config: dialer, now }).status).to.equal('failed');
    expect(nextStep({ outcome: 'target-busy', reason: '', request: request(['customer-busy', 'machine', 'target-busy']), config: dialer, now }).status).to.equal('pending');
    expect(nextStep({ outcome: 'wrong-person', reason: '', request: request([]), config: dialer, now }).status).to.equal('failed');
    expect(nextStep({ outcome: 'refused', reason: '', request: request([]), config: dialer, now }).status).to.equal('cancelled');
    expect(nextStep({ outcome: 'completed', reason: '', request: request([]), config: dialer, now }).status).to.equal('completed');
  });

  it("the lease outlasts the customer ring time, so a dead instance's ringing leg has ended before another may dial", () => {
    expect(leaseMsFor({ leaseSeconds: 60, ringSeconds: 25 })).to.equal(60_000);
    expect(leaseMsFor({ leaseSeconds: 15, ringSeconds: 25 })).to.equal(30_000);
    expect(leaseMsFor({ leaseSeconds: 15, ringSeconds: 15 })).to.equal(20_000);
  });

  it('calling hours are read in their own time zone, with a margin before closing', () => {
    // OPEN_TIME is Tue 10:00 Asia/Shanghai, CLOSED_TIME Tue 23:00; calling hours Tue 09:00-20:00.
    expect(mayCall(dialer.callingHours, OPEN_TIME)).to.equal(true);
    expect(mayCall(dialer.callingHours, CLOSED_TIME)).to.equal(false);
    expect(mayCall(dialer.callingHours, OPEN_TIME + 9 * 3_600_000 + 57 * 60_000)).to.equal(false);
    expect(nextCallingTime(dialer.callingHours, CLOSED_TIME)).to.equal(CLOSED_TIME + 10 * 3_600_000);
    expect(mayCall(undefined, CLOSED_TIME)).to.equal(true);
  });
});

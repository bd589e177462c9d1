import { expect } from 'chai';
import { demoMoments, simulatorMoment, OPEN_FOR_MS, DEMO_REFERENCE } from '../../src/demo/demo-moments.js';
import { findStretch, staysOpen, describeMoment } from '../../src/config/hours-search.js';
import { isOpen } from '../../src/config/hours.js';
import { testConfig } from '../helpers/harness.js';

const hours = testConfig().config.hours;
const HALF_HOUR = 30 * 60_000;

describe('demo moments: the simulator pretends a moment from the hours, never the wall clock', () => {
  it('the demo moments are fixed: the first opening after the reference, then the first closing', () => {
    const m = demoMoments(hours);
    expect(describeMoment(hours, m.open)).to.equal('Mon 2026-11-23 08:00 Asia/Shanghai');
    expect(describeMoment(hours, m.closed ?? 0)).to.equal('Mon 2026-11-23 20:00 Asia/Shanghai');
    expect(staysOpen(hours, m.open, OPEN_FOR_MS)).to.equal(true);
    expect(isOpen(hours, new Date(m.closed ?? 0))).to.equal(false);
    // The same answer whatever "now" is: the demo never reads it.
    expect(demoMoments(hours)).to.deep.equal(m);
  });

  it('npm start on the simulator runs open-hours flows at every half hour of a week, holidays included', () => {
    // Real instants across a week and over the 2027-01-01 holiday, night and day.
    const starts = [DEMO_REFERENCE, Date.UTC(2026, 11, 31, 0, 0)];
    let pretended = 0;
    for (const from of starts) {
      for (let t = from; t < from + 7 * 24 * 60 * 60_000; t += HALF_HOUR) {
        const m = simulatorMoment(hours, t);
        expect(staysOpen(hours, m.pretend, OPEN_FOR_MS), `${new Date(t).toISOString()}: ${m.message}`).to.equal(true);
        expect(m.pretend).to.be.at.least(t - 60_000);
        if (m.pretend !== t) {
          pretended++;
          expect(m.message).to.match(/the simulator pretends it is/);
        } else {
          expect(m.message).to.match(/the hotline is open/);
        }
      }
    }
    expect(pretended).to.be.greaterThan(0);
  });

  it('at 23:40 in Shanghai the simulator pretends the next morning\'s opening and says why', () => {
    const night = Date.UTC(2026, 11, 2, 15, 40); // Wed 23:40 Asia/Shanghai
    const m = simulatorMoment(hours, night);
    expect(describeMoment(hours, m.pretend)).to.equal('Thu 2026-12-03 08:00 Asia/Shanghai');
    expect(m.message).to.contain('the hotline is closed now').and.contain('Wed 2026-12-02 23:40 Asia/Shanghai');
  });

  it('shortly before closing it pretends the next opening too, so no demo call runs into the closing', () => {
    const m = simulatorMoment(hours, Date.UTC(2026, 11, 2, 11, 30)); // Wed 19:30
    expect(describeMoment(hours, m.pretend)).to.equal('Thu 2026-12-03 08:00 Asia/Shanghai');
    expect(m.message).to.contain('closes within the hour');
  });

  it('hours that never close have no closed-hours moment; hours that never open are a clear error', () => {
    expect(demoMoments(undefined).closed).to.equal(undefined);
    const never = { ...hours!, weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } };
    expect(() => demoMoments(never)).to.throw(/never open/);
    expect(findStretch(never, DEMO_REFERENCE, true, 60_000)).to.equal(undefined);
  });
});

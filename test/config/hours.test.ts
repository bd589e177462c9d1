/**
 * isOpen: opening hours in the hotline's own time zone, across zones,
 * midnight, daylight-saving changes and holidays.
 */
import { expect } from 'chai';
import { isOpen, isValidTimeZone, localTime, parseTimeRange } from '../../src/config/hours.js';
import { isRealDate } from '../../src/config/hours-check.js';
import type { Hours } from '../../src/config/schema.js';

const at = (iso: string): Date => new Date(iso);

function hours(partial: Partial<Hours> & Pick<Hours, 'weekly'>): Hours {
  return { timezone: 'Asia/Shanghai', holidays: [], whenClosed: 'callback', ...partial };
}

const WEEKDAYS_8_TO_20 = hours({
  weekly: { mon: ['08:00-20:00'], tue: ['08:00-20:00'], wed: ['08:00-20:00'], thu: ['08:00-20:00'], fri: ['08:00-20:00'] },
});

describe('opening hours: isOpen', () => {
  it('no hours configured means always open', () => {
    expect(isOpen(undefined, at('2026-11-22T03:00:00Z'))).to.equal(true);
  });

  it('uses the configured zone, not UTC (Asia/Shanghai is UTC+8)', () => {
    // Monday 2026-11-23 07:59 and 08:00 in Shanghai.
    expect(isOpen(WEEKDAYS_8_TO_20, at('2026-11-22T23:59:00Z'))).to.equal(false);
    expect(isOpen(WEEKDAYS_8_TO_20, at('2026-11-23T00:00:00Z'))).to.equal(true);
    // 19:59:59 open, 20:00 closed: the end is exclusive.
    expect(isOpen(WEEKDAYS_8_TO_20, at('2026-11-23T11:59:59Z'))).to.equal(true);
    expect(isOpen(WEEKDAYS_8_TO_20, at('2026-11-23T12:00:00Z'))).to.equal(false);
  });

  it('a day not listed is closed all day', () => {
    // Saturday 2026-11-28 12:00 in Shanghai.
    expect(isOpen(WEEKDAYS_8_TO_20, at('2026-11-28T04:00:00Z'))).to.equal(false);
  });

  it('the weekday is the local one: Monday in UTC can be Tuesday in Auckland', () => {
    const auckland = hours({ timezone: 'Pacific/Auckland', weekly: { tue: ['09:00-10:00'] } });
    // 2026-11-23 20:30 UTC (Monday) = Tuesday 09:30 NZDT (UTC+13).
    expect(isOpen(auckland, at('2026-11-23T20:30:00Z'))).to.equal(true);
    const utcMonday = hours({ timezone: 'UTC', weekly: { tue: ['09:00-10:00'] } });
    expect(isOpen(utcMonday, at('2026-11-23T20:30:00Z'))).to.equal(false);
  });

  it('a late shift split over midnight: 18:00-24:00 and 00:00-02:00 the next day', () => {
    const late = hours({ timezone: 'Europe/London', weekly: { fri: ['18:00-24:00'], sat: ['00:00-02:00'] } });
    // Friday 2026-11-27 and Saturday 2026-11-28 in London (UTC+0 in November).
    expect(isOpen(late, at('2026-11-27T17:59:00Z'))).to.equal(false);
    expect(isOpen(late, at('2026-11-27T23:59:59Z'))).to.equal(true);
    expect(isOpen(late, at('2026-11-28T00:00:00Z'))).to.equal(true);
    expect(isOpen(late, at('2026-11-28T01:59:00Z'))).to.equal(true);
    expect(isOpen(late, at('2026-11-28T02:00:00Z'))).to.equal(false);
    // Saturday night into Sunday: no range on Sunday.
    expect(isOpen(late, at('2026-11-29T00:30:00Z'))).to.equal(false);
  });

  it('follows daylight saving time (America/New_York)', () => {
    const ny = hours({ timezone: 'America/New_York', weekly: { fri: ['09:00-17:00'], mon: ['09:00-17:00'] } });
    // Friday 2026-03-06 is EST (UTC-5): 09:00 local = 14:00Z.
    expect(isOpen(ny, at('2026-03-06T13:59:00Z'))).to.equal(false);
    expect(isOpen(ny, at('2026-03-06T14:00:00Z'))).to.equal(true);
    // Monday 2026-03-09 is EDT (UTC-4): 09:00 local = 13:00Z.
    expect(isOpen(ny, at('2026-03-09T13:00:00Z'))).to.equal(true);
    expect(isOpen(ny, at('2026-03-09T21:00:00Z'))).to.equal(false);
  });

  it('holidays are whole local days, even when UTC is still on the day before', () => {
    const always = hours({
      weekly: { mon: ['00:00-24:00'], tue: ['00:00-24:00'], wed: ['00:00-24:00'], thu: ['00:00-24:00'], fri: ['00:00-24:00'], sat: ['00:00-24:00'], sun: ['00:00-24:00'] },
      holidays: ['2027-01-01'],
    });
    // 2026-12-31 15:59Z = 23:59 on Dec 31 in Shanghai: open.
    expect(isOpen(always, at('2026-12-31T15:59:00Z'))).to.equal(true);
    // 2026-12-31 16:00Z = 00:00 on Jan 1 in Shanghai: the holiday.
    expect(isOpen(always, at('2026-12-31T16:00:00Z'))).to.equal(false);
    expect(isOpen(always, at('2027-01-01T15:59:00Z'))).to.equal(false);
    expect(isOpen(always, at('2027-01-01T16:00:00Z'))).to.equal(true);
  });

  it('several ranges in a day (a lunch break)', () => {
    const lunch = hours({ weekly: { mon: ['09:00-12:00', '13:00-18:00'] } });
    expect(isOpen(lunch, at('2026-11-23T03:59:00Z'))).to.equal(true); // 11:59
    expect(isOpen(lunch, at('2026-11-23T04:30:00Z'))).to.equal(false); // 12:30
    expect(isOpen(lunch, at('2026-11-23T05:00:00Z'))).to.equal(true); // 13:00
  });
});

describe('opening hours: helpers', () => {
  it('localTime gives the zone date, weekday and minute', () => {
    expect(localTime(at('2026-11-23T16:30:00Z'), 'Asia/Shanghai')).to.deep.equal({ date: '2026-11-24', weekday: 'tue', minutes: 30 });
  });

  it('parseTimeRange accepts 24:00 as an end, nothing past it', () => {
    expect(parseTimeRange('18:00-24:00')).to.deep.equal({ start: 1080, end: 1440 });
    expect(parseTimeRange('18:00-24:01')).to.equal(undefined);
    expect(parseTimeRange('24:00-24:00')).to.equal(undefined);
    expect(parseTimeRange('9:00-10:00')).to.equal(undefined);
  });

  it('isValidTimeZone and isRealDate', () => {
    expect(isValidTimeZone('Asia/Shanghai')).to.equal(true);
    expect(isValidTimeZone('Mars/Olympus')).to.equal(false);
    expect(isRealDate('2028-02-29')).to.equal(true);
    expect(isRealDate('2027-02-29')).to.equal(false);
    expect(isRealDate('2027-13-01')).to.equal(false);
  });
});

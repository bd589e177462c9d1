/** The whisper says how long the customer waited as a natural duration, in prompts both languages have. */
import { expect } from 'chai';
import { LANGUAGES } from '../../src/config/schema.js';
import { DURATION_PROMPTS, spokenCount, spokenDuration } from '../../src/dialer/spoken-duration.js';
import { whisperPrompts } from '../../src/dialer/whisper.js';
import { isSpoken, loadCatalog } from '../../src/sounds/catalog.js';
import type { CallbackRequest } from '../../src/store/callback-queue.js';
import { testConfig } from '../helpers/harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const MINUTES = ['whisper-minutes'];

describe('dialer: the whisper and the wait it reads', () => {
  it('reads numbers as words: digits, two as a quantity, 10-19 whole, tens then a digit', () => {
    expect(spokenCount(1)).to.deep.equal(['digit-1']);
    expect(spokenCount(2)).to.deep.equal(['count-2']);
    expect(spokenCount(9)).to.deep.equal(['digit-9']);
    expect(spokenCount(15)).to.deep.equal(['count-15']);
    expect(spokenCount(20)).to.deep.equal(['count-20']);
    // Inside a number 2 is the digit (Mandarin 二十二, not 二十两).
    expect(spokenCount(22)).to.deep.equal(['count-20', 'digit-2']);
    expect(spokenCount(59)).to.deep.equal(['count-50', 'digit-9']);
    expect(spokenCount(75)).to.deep.equal(['digit-7', 'digit-5']);
  });

  it('minutes under an hour, hours and minutes under a day, then days and hours', () => {
    expect(spokenDuration(20_000, MINUTES)).to.deep.equal(['digit-1', 'duration-minute']);
    expect(spokenDuration(MIN, MINUTES)).to.deep.equal(['digit-1', 'duration-minute']);
    expect(spokenDuration(2 * MIN + 59_000, MINUTES)).to.deep.equal(['count-2', 'whisper-minutes']);
    expect(spokenDuration(45 * MIN, MINUTES)).to.deep.equal(['count-40', 'digit-5', 'whisper-minutes']);
    expect(spokenDuration(59 * MIN + 59_000, MINUTES)).to.deep.equal(['count-50', 'digit-9', 'whisper-minutes']);
    expect(spokenDuration(HOUR, MINUTES)).to.deep.equal(['digit-1', 'duration-hour', 'pause']);
    expect(spokenDuration(HOUR + MIN, MINUTES)).to.deep.equal(['digit-1', 'duration-hour', 'digit-1', 'duration-minute']);
    expect(spokenDuration(2 * HOUR + 5 * MIN, MINUTES)).to.deep.equal(['count-2', 'duration-hours', 'digit-5', 'whisper-minutes']);
    expect(spokenDuration(23 * HOUR + 59 * MIN, MINUTES)).to.deep.equal(['count-20', 'digit-3', 'duration-hours', 'count-50', 'digit-9', 'whisper-minutes']);
    // The demo's case: about 1,500 minutes is a day and an hour.
    expect(spokenDuration(1_500 * MIN, MINUTES)).to.deep.equal(['digit-1', 'duration-day', 'digit-1', 'duration-hour', 'pause']);
    expect(spokenDuration(3 * DAY + 40 * MIN, MINUTES)).to.deep.equal(['digit-3', 'duration-days', 'pause']);
    expect(spokenDuration(12 * DAY + 2 * HOUR, MINUTES)).to.deep.equal(['count-12', 'duration-days', 'count-2', 'duration-hours', 'pause']);
    expect(spokenDuration(75 * DAY, MINUTES)).to.deep.equal(['digit-7', 'digit-5', 'duration-days', 'pause']);
    // A clock behind the request's time (another node's clock) is not a negative wait.
    expect(spokenDuration(-5 * MIN, MINUTES)).to.deep.equal(['digit-1', 'duration-minute']);
  });

  it('the whisper reads the wait as a duration, then the number in groups', () => {
    const dialer = testConfig({ dialer: { enabled: true } }).config.dialer;
    if (!dialer) throw new Error('the shipped config has a dialer section');
    const createdAt = '2026-11-23T01:00:00.000Z';
    const req = { createdAt, number: '13812345678' } as CallbackRequest;
    const now = Date.parse(createdAt) + 1_500 * MIN;
    expect(whisperPrompts(req, dialer.prompts, now, [3, 4, 4])).to.deep.equal([
      'whisper-callback', 'whisper-waiting',
      'digit-1', 'duration-day', 'digit-1', 'duration-hour', 'pause',
      'whisper-number',
      'digit-1', 'digit-3', 'digit-8', 'pause', 'digit-1', 'digit-2', 'digit-3', 'digit-4', 'pause', 'digit-5', 'digit-6', 'digit-7', 'digit-8',
    ]);
  });

  it('every prompt a duration can use is in the sounds catalog, spoken in both languages', () => {
    const catalog = loadCatalog();
    const used = new Set<string>([...DURATION_PROMPTS]);
    for (let m = 0; m < 70 * 24 * 60; m += 7) for (const id of spokenDuration(m * MIN, MINUTES)) used.add(id);
    for (const id of used) {
      const entry = catalog.entries.get(id);
      if (!entry) expect.fail(`${id} is not in sounds/catalog.yaml`);
      // The pause is silence, the same file in both folders; everything else is spoken.
      if (id === 'pause') expect(entry.kind).to.equal('silence');
      else if (!isSpoken(entry)) expect.fail(`${id} is not spoken`);
      else for (const lang of LANGUAGES) expect(entry.text[lang].text, `${id} ${lang}`).to.match(/\S/);
    }
  });
});

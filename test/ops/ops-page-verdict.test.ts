/**
 * A call that broke a rule, on the live page in headless Chromium: the
 * recent list says how many rules it broke, and a click shows the verdict,
 * each violation (rule, what was measured, the limit, where) and a mark on
 * the call's strip where it happened. Skipped with the reason without
 * Chromium (a failure under CI, which installs it).
 */
import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import { standardsThresholds } from '../../src/ops/standards-check/thresholds.js';
import { testConfig } from '../helpers/harness.js';
import { startOpsFixture, TOKEN, type OpsFixture } from './ops-fixture.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const OUT_DIR = new URL('../../test-output/', import.meta.url);

describe('ops live page: a broken rule on a call\'s timeline (headless Chromium)', function () {
  this.timeout(60_000);
  let f: OpsFixture | undefined;
  let browser: Browser | undefined;
  before(function () {
    if (existsSync(CHROMIUM)) return;
    if (process.env['CI']) throw new Error(`Chromium is missing at ${CHROMIUM} in CI: .ci/run installs it (apt-get install chromium)`);
    console.log(`      (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium, or set CHROMIUM_PATH)`);
    this.skip();
  });
  after(async () => {
    await browser?.close();
    await f?.close();
  });

  it('lists it as broken, and a click shows the violation with its measure, limit and place on the strip', async () => {
    f = await startOpsFixture({ standards: () => standardsThresholds(testConfig().config) });
    const c = f.runner.start('call-early-hangup', '13912345678');
    c.add('answered');
    c.add('prompt-started', { prompt: 'goodbye' });
    await f.clock.advance(2_500);
    c.add('prompt-finished', { prompt: 'goodbye', status: 'finished' });
    await f.clock.advance(800);
    c.end('us');

    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--mute-audio'] });
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.setViewport({ width: 1000, height: 800 });
    await page.goto(`${f.ops.url}/#token=${TOKEN}`, { waitUntil: 'load' });
    await page.waitForSelector('#recent tbody tr.call[data-id="call-early-hangup"] td.standards.fail', { timeout: 10_000 });
    expect(await page.$eval('#recent tbody tr.call td.standards', (e) => e.textContent)).to.equal('1 broken');
    expect(await page.$eval('#standards-day', (e) => e.textContent)).to.equal('Standards today: 0 of 1 calls passed · broken: close-grace 1');
    await page.click('#recent tbody tr.call[data-id="call-early-hangup"]');
    await page.waitForFunction(`document.getElementById('verdict').textContent === 'standards: 1 rule(s) broken'`, { timeout: 10_000 });
    const items = await page.$$eval('#violations li', (li) => li.map((x) => x.textContent));
    expect(items).to.deep.equal(['3.3 s  close-grace: we hung up 0.8 s after goodbye; the caller is given 2 s to hang up first (measured 0.8 s, limit 2.0 s)']);
    const mark = await page.$eval('#strip .mark', (e) => ({ title: e.getAttribute('title'), left: (e as unknown as { style: { left: string } }).style.left }));
    expect(mark.title).to.match(/^close-grace: /);
    expect(parseFloat(mark.left)).to.be.within(95, 100);
    // The measured stretch (goodbye's end to our hang-up) as a band on the strip.
    const band = await page.$eval('#strip .band', (e) => {
      const st = (e as unknown as { style: { left: string; width: string } }).style;
      return { left: st.left, width: st.width };
    });
    expect(parseFloat(band.left)).to.be.closeTo((2.5 / 3.3) * 100, 0.5);
    expect(parseFloat(band.width)).to.be.closeTo((0.8 / 3.3) * 100, 0.5);
    expect(await page.$$eval('#entries li.broke', (li) => li.map((x) => x.textContent))).to.deep.equal(['    3.3 s  hangup  by=us cause=16']);
    mkdirSync(OUT_DIR, { recursive: true });
    await page.screenshot({ path: new URL('ops-page-violation.png', OUT_DIR).pathname as `${string}.png`, fullPage: true });
    expect(problems).to.deep.equal([]);
  });
});

/**
 * The live page in a real headless Chromium (Debian's, driven by
 * puppeteer-core: no browser download). Calls on the simulator move on a
 * virtual clock that the test runs at about 40x real time, so the page sees
 * calls appear and change step. Under CI=true a missing Chromium fails the
 * test (.ci/run installs it); elsewhere it is skipped with the reason.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { startHarness, type Harness } from '../helpers/harness.js';
import { sleep } from '../../src/clock/clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';
import { startOpsServer, type OpsServer, type OpsServerOptions } from '../../src/ops/server.js';
import { DEMO_SCENARIOS, SLOW_LOOKUP_CALLER, SLOW_LOOKUP_SECONDS } from '../../src/demo/scenarios.js';
import { ariRecordingFetcher } from '../../src/ops/ari-recording.js';
import { standardsThresholds } from '../../src/ops/standards-check/thresholds.js';
import { SqliteCallRecords } from '../../src/store/sqlite-call-records.js';
import { testConfig } from '../helpers/harness.js';
import { opusEncoder } from '../../src/ops/opus-encoder.js';

const TOKEN = 'page-test-ops-token-0123456789';
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const OUT_DIR = new URL('../../test-output/', import.meta.url);

/** A page expression (the tests have no DOM types): the connection badge reads `text`. */
const connIs = (text: string): string => `document.getElementById('conn').textContent === ${JSON.stringify(text)}`;

describe('ops live page in headless Chromium', function () {
  this.timeout(90_000);
  let h: Harness | undefined;
  let ops: OpsServer | undefined;
  let browser: Browser | undefined;
  let running = false;
  let pump: Promise<void> | undefined;

  before(function () {
    if (existsSync(CHROMIUM)) return;
    if (process.env['CI']) throw new Error(`Chromium is missing at ${CHROMIUM} in CI: .ci/run installs it (apt-get install chromium)`);
    console.log(`      (skipped: no Chromium at ${CHROMIUM}; apt-get install chromium, or set CHROMIUM_PATH)`);
    this.skip();
  });

  let placed: { ended: () => unknown }[] = [];
  const stores: SqliteCallRecords[] = [];

  after(async function () {
    await browser?.close();
    running = false;
    await pump;
    // Let every call finish, even after a failure, so the harness can close
    // (its drain waits on the virtual clock, which only moves when told).
    if (h) await h.clock.runUntil(() => placed.every((p) => p.ended() !== undefined), { maxMs: 30 * 60_000 }).catch(() => undefined);
    await ops?.close();
    for (const s of stores) await s.close();
    await h?.close();
  });

  it('shows live calls moving through steps, a clicked call as a strip, plays a voice note, and reconnects after a restart', async () => {
    const harness: Harness = (h = await startHarness({
      lookup: (req, signal): Promise<void> => sleep(harness.calendar, (req.callerNumber === SLOW_LOOKUP_CALLER ? SLOW_LOOKUP_SECONDS : req.seconds) * 1000, signal).catch(() => undefined),
    }));
    // The flows capture into the service's queue; the ops server reads the same one.
    const queue = harness.service.callbacks as MemoryCallbackQueue;
    // The voice note's audio comes from the simulator's stored recording over ARI, as from a real Asterisk.
    const fetchRecording = ariRecordingFetcher({ url: harness.sim.url, username: 'test', password: 'test-secret', clock: harness.calendar });
    // One record store for both ops servers: calls that ended before the restart are still listed after it.
    const records = SqliteCallRecords.open(':memory:', harness.calendar);
    stores.push(records);
    const opsOptions = (port: number): OpsServerOptions => ({
      host: '127.0.0.1',
      port,
      token: TOKEN,
      runner: harness.service.runner,
      queue,
      ready: async () => ({ ok: true, reasons: [] }),
      clock: harness.calendar,
      logger: silentLogger(),
      fetchRecording,
      records,
      standards: () => standardsThresholds(testConfig().config),
      configVersion: () => 'test-v1',
      timeZone: 'Asia/Shanghai',
    });
    ops = await startOpsServer(opsOptions(0));
    const port = Number(new URL(ops.url).port);

    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Root in a container: Chromium's sandbox needs user namespaces it may not have.
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--mute-audio'],
    });
    const page: Page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('dialog', (d) => void d.dismiss().then(() => problems.push(`dialog: ${d.message()}`)));
    await page.setViewport({ width: 1200, height: 1000 });
    await page.goto(`${ops.url}/#token=${TOKEN}`, { waitUntil: 'load' });
    await page.waitForFunction(connIs('live'), { timeout: 10_000 });
    expect(await page.evaluate('location.hash'), 'the token leaves the address bar').to.equal('');

    // Callers: a long hold, and a busy colleague with a callback left (with a recorded name).
    const hold = DEMO_SCENARIOS.find((d) => d.name === 'long hold, callback offer taken');
    const busy = DEMO_SCENARIOS.find((d) => d.name === 'busy target, callback left');
    if (!hold || !busy) throw new Error('demo scenarios renamed');
    const calls = [harness.place(hold.script, hold.from), harness.place(busy.script, busy.from)];
    placed = calls;
    // Virtual time at about 40x real time, so the page sees the steps change.
    running = true;
    pump = (async () => {
      while (running && calls.some((p) => !p.ended())) {
        await harness.clock.advance(1_000);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();

    // Live calls appear and move through steps.
    const seen = new Map<string, Set<string>>();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && ![...seen.values()].some((s) => s.size >= 3)) {
      const rows = (await page.evaluate(`[...document.querySelectorAll('#live tbody tr.call')].map((tr) => [tr.dataset.id, tr.dataset.step])`)) as [string, string][];
      for (const [id, step] of rows) seen.set(id, (seen.get(id) ?? new Set()).add(step));
      await new Promise((r) => setTimeout(r, 50));
    }
    const steps = [...seen.values()].map((s) => [...s]);
    expect(steps.some((s) => s.length >= 3), `steps seen: ${JSON.stringify(steps)}`).to.equal(true);
    expect(await page.$eval('#live tbody', (b) => b.textContent ?? '')).not.to.include(hold.from).and.not.to.include(busy.from);

    // A click on a live call draws its timeline as a strip.
    await page.waitForSelector(`#live tbody tr.call[data-id="${calls[0]?.id}"]`, { timeout: 10_000 });
    await page.click(`#live tbody tr.call[data-id="${calls[0]?.id}"]`);
    await page.waitForFunction(`!document.getElementById('detail').hidden && document.querySelectorAll('#strip .seg').length >= 2`, { timeout: 10_000 });
    expect(await page.$$eval('#entries li', (li) => li.length)).to.be.greaterThan(3);

    // The callback with its voice note shows up in the queue; play loads the audio.
    await page.waitForSelector('#callbacks tbody tr button.play', { timeout: 30_000 });
    const noteType = new Promise<string>((resolve) => page.on('response', (r) => { if (r.url().endsWith('/voice-note')) resolve(r.headers()['content-type'] ?? ''); }));
    await page.click('#callbacks tbody tr button.play');
    // HAVE_METADATA and the tone's length: the WAV came through the token-checked fetch and decoded.
    await page.waitForFunction(`(() => { const a = document.querySelector('#callbacks audio.voice-note'); return a !== null && a.readyState >= 1 && a.duration > 1; })()`, { timeout: 10_000 });
    // Ogg Opus where node-opus is installed (Chromium plays it), the WAV otherwise.
    expect(await noteType).to.equal(opusEncoder(8_000) ? 'audio/ogg; codecs=opus' : 'audio/wav');
    const kpis = await page.$eval('#k-pending', (e) => e.textContent);
    expect(Number(kpis)).to.be.at.least(1);

    mkdirSync(OUT_DIR, { recursive: true });
    await page.screenshot({ path: new URL('ops-page.png', OUT_DIR).pathname as `${string}.png`, fullPage: true });

    // A restart of the ops server: the page says so and comes back on its own.
    await ops.close();
    await page.waitForFunction(connIs('reconnecting…'), { timeout: 10_000 });
    ops = await startOpsServer(opsOptions(port));
    await page.waitForFunction(connIs('live'), { timeout: 15_000 });

    // A wrong token in the link: the page asks for the token (once) and then goes live.
    const context = await browser.createBrowserContext();
    const second = await context.newPage();
    const asked: string[] = [];
    second.on('dialog', (d) => {
      asked.push(d.message());
      void d.accept(TOKEN);
    });
    await second.goto(`${ops.url}/#token=not-the-token`, { waitUntil: 'load' });
    await second.waitForFunction(connIs('live'), { timeout: 20_000 });
    expect(asked).to.deep.equal(['Ops token']);
    expect(await second.evaluate(`sessionStorage.getItem('hotline-ops-token')`)).to.equal(TOKEN);
    await context.close();

    running = false;
    await pump;
    // Let the calls finish before the harness closes (its drain needs the clock to move).
    await harness.clock.runUntil(() => calls.every((p) => p.ended() !== undefined), { maxMs: 30 * 60_000 });
    await harness.clock.advance(100);

    // A finished call, clicked in the recent list: its timeline with the standards verdict, and today's summary.
    await page.waitForFunction(`document.querySelectorAll('#recent tbody tr.call td.standards.pass').length >= 2`, { timeout: 15_000 });
    await page.click(`#recent tbody tr.call[data-id="${calls[1]?.id}"]`);
    await page.waitForFunction(`document.getElementById('verdict').textContent === 'standards: pass'`, { timeout: 10_000 });
    expect(await page.$$eval('#violations li', (li) => li.length)).to.equal(0);
    expect(await page.$eval('#standards-day', (e) => e.textContent ?? '')).to.match(/^Standards today: \d+ of \d+ calls passed$/);
    await page.screenshot({ path: new URL('ops-page-verdict.png', OUT_DIR).pathname as `${string}.png`, fullPage: true });
    expect(problems).to.deep.equal([]);
  });
});

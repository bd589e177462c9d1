/**
 * ConfigStore: a valid change becomes the current version, an invalid one
 * is rejected with the check report while the running version stays, a
 * call's LoadedConfig never changes under it, file watching reloads on
 * save, and close() leaves no watcher or timer behind.
 */
import { once } from 'node:events';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import winston from 'winston';
import { RealClock } from '../../src/clock/index.js';
import { contentVersion } from '../../src/config/check.js';
import { ConfigInvalidError, ConfigStore, reloadOnSignal, type LoadedConfig, type RejectedConfig } from '../../src/config/store.js';
import type { Logger } from '../../src/log/logger.js';
import { removeDir, tempDir, VALID, variant } from './helpers.js';

/** A logger that keeps its entries for the test to read. */
function memoryLogger(): { logger: Logger; lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const stream = new Writable({
    objectMode: true,
    write(info: { level: string; message: string }, _enc, done) {
      lines.push({ level: info.level, message: info.message });
      done();
    },
  });
  return { logger: winston.createLogger({ transports: [new winston.transports.Stream({ stream })] }), lines };
}

const fsWatchers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap').length;

/** Polls until cond() holds or ms pass (real time: file watching is real I/O). */
async function eventually(cond: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const WARMER = variant(['checkInSeconds: 30', 'checkInSeconds: 20']);
const INVALID = variant(['  silenceSeconds: 5 ', '  silenceSecond: 5 ']);

describe('ConfigStore', () => {
  let dir: string;
  let file: string;
  let store: ConfigStore | undefined;
  let log: ReturnType<typeof memoryLogger>;

  beforeEach(() => {
    dir = tempDir();
    file = path.join(dir, 'hotline.yaml');
    writeFileSync(file, VALID);
    log = memoryLogger();
  });
  afterEach(() => {
    store?.close();
    store = undefined;
    removeDir(dir);
  });

  const open = async (watch = false, extra: { clock?: RealClock } = {}): Promise<ConfigStore> => {
    store = await ConfigStore.open(file, { soundsDir: false, logger: log.logger, watch, debounceMs: 30, ...extra });
    return store;
  };

  it('opens a valid file: current() has the config, its version, file and load time', async () => {
    const before = Date.now();
    const s = await open();
    const cur = s.current();
    expect(cur.version).to.equal(contentVersion(VALID)).and.to.match(/^[0-9a-f]{12}$/);
    expect(cur.file).to.equal(file);
    expect(cur.config.timings.checkInSeconds).to.equal(30);
    expect(cur.warnings).to.deep.equal([]);
    expect(cur.loadedAt.getTime()).to.be.within(before, Date.now());
  });

  it('refuses to open an invalid file, with the full report in the error', async () => {
    writeFileSync(file, INVALID);
    const err = await ConfigStore.open(file, { soundsDir: false, logger: log.logger }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ConfigInvalidError);
    expect((err as ConfigInvalidError).report).to.contain(`${file}:16:3 timings.silenceSecond: unknown key "silenceSecond"`);
    expect((err as ConfigInvalidError).message).to.contain('the flow config is invalid');
  });

  it('applies a valid change: new version, applied event, held LoadedConfig keeps the old values', async () => {
    const s = await open();
    const held: LoadedConfig = s.current(); // what a call in progress holds
    const applied: LoadedConfig[] = [];
    s.on('applied', (c) => applied.push(c));

    writeFileSync(file, WARMER);
    const res = await s.reload();

    expect(res).to.include({ applied: true, outcome: 'applied', version: contentVersion(WARMER) });
    expect(res.report).to.match(/^OK /);
    expect(s.current().version).to.equal(contentVersion(WARMER)).and.not.to.equal(held.version);
    expect(s.current().config.timings.checkInSeconds).to.equal(20);
    expect(applied).to.have.length(1);
    expect(applied[0]).to.equal(s.current());
    expect(held.config.timings.checkInSeconds).to.equal(30);
    expect(held.version).to.equal(contentVersion(VALID));
    expect(log.lines.some((l) => l.level === 'info' && l.message === 'flow config applied')).to.equal(true);
  });

  it('hands out frozen configs, so no call can change what another call reads', async () => {
    const s = await open();
    const cfg = s.current().config;
    expect(() => {
      (cfg.timings as { checkInSeconds: number }).checkInSeconds = 99;
    }).to.throw(TypeError);
    expect(Object.isFrozen(cfg.menu.keys)).to.equal(true);
  });

  it('rejects an invalid change: old version stays, rejected event with the report, logged', async () => {
    const s = await open();
    const before = s.current();
    const rejected: RejectedConfig[] = [];
    s.on('rejected', (r) => rejected.push(r));
    let appliedEvents = 0;
    s.on('applied', () => appliedEvents++);

    writeFileSync(file, INVALID);
    const res = await s.reload();

    expect(res).to.include({ applied: false, outcome: 'rejected', version: before.version });
    expect(res.report).to.contain(':16:3 timings.silenceSecond: unknown key "silenceSecond"');
    expect(res.report).to.match(/FAILED .*: 1 error, 0 warnings/);
    expect(s.current()).to.equal(before);
    expect(rejected).to.have.length(1);
    expect(appliedEvents).to.equal(0);
    expect(rejected[0]).to.include({ report: res.report, keptVersion: before.version, version: contentVersion(INVALID) });
    expect(rejected[0]?.findings[0]).to.include({ line: 16, col: 3 });
    const logged = log.lines.find((l) => l.level === 'error');
    expect(logged?.message).to.contain(`flow config rejected, keeping version ${before.version}`);
    expect(logged?.message).to.contain('timings.silenceSecond');
  });

  it('a deleted file is rejected and the running version stays', async () => {
    const s = await open();
    rmSync(file);
    const res = await s.reload();
    expect(res.outcome).to.equal('rejected');
    expect(res.report).to.contain('cannot read the config file: ENOENT');
    expect(s.current().config.organisation).to.equal('Example Parcel Hotline');
  });

  it('identical content is no new version and no event', async () => {
    const s = await open();
    const before = s.current();
    let events = 0;
    s.on('applied', () => events++);
    s.on('rejected', () => events++);
    writeFileSync(file, VALID);
    const res = await s.reload();
    expect(events).to.equal(0);
    expect(res).to.include({ applied: false, outcome: 'unchanged', version: before.version });
    expect(s.current()).to.equal(before);
  });

  it('a version with warnings is applied and carries its warnings', async () => {
    const s = await open();
    writeFileSync(file, variant(['checkInSeconds: 30', 'checkInSeconds: 45']));
    const res = await s.reload();
    expect(res.applied).to.equal(true);
    expect(s.current().warnings.map((w) => w.path)).to.deep.equal(['timings.checkInSeconds']);
    expect(log.lines.some((l) => l.level === 'warn' && l.message.includes('timings.checkInSeconds'))).to.equal(true);
  });

  it('reloads run one at a time: a second reload of the same change finds it unchanged', async () => {
    const s = await open();
    writeFileSync(file, WARMER);
    const [a, b] = await Promise.all([s.reload(), s.reload()]);
    expect(a.outcome).to.equal('applied');
    expect(b.outcome).to.equal('unchanged');
  });

  it("a listener that throws does not turn reload() into a rejection", async () => {
    const s = await open();
    s.on('applied', () => {
      throw new Error('listener bug');
    });
    writeFileSync(file, WARMER);
    const res = await s.reload();
    expect(res.applied).to.equal(true);
    expect(log.lines.some((l) => l.message.includes("'applied' listener failed"))).to.equal(true);
  });

  it('reloads on SIGHUP through reloadOnSignal, and stops after unsubscribing', async () => {
    const s = await open();
    const listenersBefore = process.listenerCount('SIGHUP');
    const stop = reloadOnSignal(s);
    expect(process.listenerCount('SIGHUP')).to.equal(listenersBefore + 1);
    writeFileSync(file, WARMER);
    const applied = once(s, 'applied', { signal: AbortSignal.timeout(5000) });
    process.emit('SIGHUP', 'SIGHUP');
    const [loaded] = (await applied) as [LoadedConfig];
    expect(loaded.config.timings.checkInSeconds).to.equal(20);
    stop();
    expect(process.listenerCount('SIGHUP')).to.equal(listenersBefore);
  });

  describe('watching the file', () => {
    it('applies a saved change without being asked (plain write)', async () => {
      const s = await open(true);
      const applied = once(s, 'applied', { signal: AbortSignal.timeout(5000) });
      writeFileSync(file, WARMER);
      const [loaded] = (await applied) as [LoadedConfig];
      expect(loaded.version).to.equal(contentVersion(WARMER));
      expect(s.current().config.timings.checkInSeconds).to.equal(20);
    });

    it('applies a change saved the way editors do (write a new file, rename it over)', async () => {
      const s = await open(true);
      const applied = once(s, 'applied', { signal: AbortSignal.timeout(5000) });
      const tmp = path.join(dir, '.hotline.yaml.swp');
      writeFileSync(tmp, WARMER);
      renameSync(tmp, file);
      await applied;
      expect(s.current().version).to.equal(contentVersion(WARMER));
    });

    it('rejects an invalid save and keeps running the old version', async () => {
      const s = await open(true);
      const rejected = once(s, 'rejected', { signal: AbortSignal.timeout(5000) });
      writeFileSync(file, INVALID);
      const [r] = (await rejected) as [RejectedConfig];
      expect(r.report).to.contain('timings.silenceSecond');
      expect(s.current().version).to.equal(contentVersion(VALID));
    });

    it('ignores other files in the folder', async () => {
      const s = await open(true);
      let events = 0;
      s.on('applied', () => events++);
      s.on('rejected', () => events++);
      writeFileSync(path.join(dir, 'other.yaml'), 'not: a config');
      await new Promise((r) => setTimeout(r, 200));
      expect(events).to.equal(0);
    });

    it('close() releases the watcher and any pending debounce timer', async () => {
      const baseline = fsWatchers();
      const clock = new RealClock();
      const s = await open(true, { clock });
      expect(s.watching).to.equal(true);
      expect(fsWatchers()).to.equal(baseline + 1);
      writeFileSync(file, WARMER); // starts a debounce timer
      await eventually(() => clock.pendingTimers() === 1);
      let events = 0;
      s.on('applied', () => events++);
      s.close();
      expect(s.watching).to.equal(false);
      expect(clock.pendingTimers()).to.equal(0);
      await eventually(() => fsWatchers() === baseline);
      await new Promise((r) => setTimeout(r, 100));
      expect(events).to.equal(0);
      expect(s.current().version).to.equal(contentVersion(VALID));
    });
  });
});

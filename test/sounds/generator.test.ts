/**
 * The sound generator. Rendering needs espeak-ng and sox, so those tests run
 * only where they are installed (CI installs them); the rest run anywhere.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { generateSounds, ToolsMissingError } from '../../src/sounds/generate.js';
import { readManifest } from '../../src/sounds/manifest.js';
import { missingTools } from '../../src/sounds/synthesise.js';
import { verifyPromptWav } from '../../src/sounds/write-wav.js';

const run = promisify(execFile);
const SCRIPT = new URL('../../scripts/generate-sounds.ts', import.meta.url).pathname;

const CATALOG = `version: 1
prompts:
  offer-help:
    zh-CN: 请问有什么可以帮您？
    en-US: How may I help you?
  pause: { kind: silence, ms: 400 }
  beep: { kind: tone, hz: 1000, ms: 250 }
`;

/** A temp dir with a small catalog; the generator writes sounds/ and the manifest beside it. */
function workspace(catalogText = CATALOG): { dir: string; opts: { catalogFile: string; soundsDir: string; manifestFile: string } } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hotline-sounds-'));
  const catalogFile = path.join(dir, 'catalog.yaml');
  writeFileSync(catalogFile, catalogText);
  return { dir, opts: { catalogFile, soundsDir: dir, manifestFile: path.join(dir, 'manifest.json') } };
}

describe('generate-sounds', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  describe('with espeak-ng and sox', function () {
    before(async function () {
      const missing = await missingTools();
      if (missing.length) {
        console.log(`      (skipped: ${missing.join(' and ')} not installed; apt-get install espeak-ng sox)`);
        this.skip();
      }
    });

    it('renders each prompt in each language as an 8 kHz mono 16-bit PCM WAV and records it in the manifest', async () => {
      const { dir, opts } = workspace();
      dirs.push(dir);
      const report = await generateSounds(opts);
      expect(report.rendered).to.deep.equal([
        'en-US/beep.wav', 'en-US/offer-help.wav', 'en-US/pause.wav', 'zh-CN/beep.wav', 'zh-CN/offer-help.wav', 'zh-CN/pause.wav',
      ]);
      for (const key of report.rendered) {
        const info = await verifyPromptWav(path.join(dir, key));
        expect(info).to.include({ audioFormat: 1, sampleRate: 8000, channels: 1, bitDepth: 16 });
        expect(readManifest(opts.manifestFile).files[key]?.durationMs).to.equal(info.durationMs);
      }
      const speech = await verifyPromptWav(path.join(dir, 'en-US/offer-help.wav'));
      expect(speech.durationMs).to.be.within(500, 4000);
      expect((await verifyPromptWav(path.join(dir, 'zh-CN/pause.wav'))).durationMs).to.equal(400);
      // A tone is exactly as long as asked (nothing trimmed or padded), the same file in both folders.
      expect((await verifyPromptWav(path.join(dir, 'en-US/beep.wav'))).durationMs).to.equal(250);
      expect(readFileSync(path.join(dir, 'en-US/beep.wav')).equals(readFileSync(path.join(dir, 'zh-CN/beep.wav')))).to.equal(true);
    });

    it('renders a changed tone again (its frequency, length and level are in the hash)', async () => {
      const { dir, opts } = workspace();
      dirs.push(dir);
      await generateSounds(opts);
      writeFileSync(opts.catalogFile, CATALOG.replace('hz: 1000, ms: 250', 'hz: 1000, ms: 250, dbfs: -9'));
      expect((await generateSounds(opts)).rendered).to.deep.equal(['en-US/beep.wav', 'zh-CN/beep.wav']);
      writeFileSync(opts.catalogFile, CATALOG.replace('hz: 1000, ms: 250', 'hz: 800, ms: 250, dbfs: -9'));
      expect((await generateSounds(opts)).rendered).to.deep.equal(['en-US/beep.wav', 'zh-CN/beep.wav']);
    });

    it('renders nothing on a rerun, only the changed entry after an edit, and removes prompts that left the catalog', async () => {
      const { dir, opts } = workspace();
      dirs.push(dir);
      await generateSounds(opts);
      const before = readFileSync(path.join(dir, 'zh-CN/offer-help.wav'));

      expect((await generateSounds(opts)).rendered).to.deep.equal([]);

      writeFileSync(opts.catalogFile, CATALOG.replace('How may I help you?', 'How can we help?').replace('  pause: { kind: silence, ms: 400 }\n', ''));
      const report = await generateSounds(opts);
      expect(report.rendered).to.deep.equal(['en-US/offer-help.wav']);
      expect(report.removed.sort()).to.deep.equal(['en-US/pause.wav', 'zh-CN/pause.wav']);
      expect(existsSync(path.join(dir, 'en-US/pause.wav'))).to.equal(false);
      expect(Object.keys(readManifest(opts.manifestFile).files).sort()).to.deep.equal(['en-US/beep.wav', 'en-US/offer-help.wav', 'zh-CN/beep.wav', 'zh-CN/offer-help.wav']);
      // Same text, same tools: byte-identical output (sox runs in repeatable mode).
      await generateSounds({ ...opts, force: true, only: ['offer-help'] });
      expect(readFileSync(path.join(dir, 'zh-CN/offer-help.wav')).equals(before)).to.equal(true);
    });
  });

  it('refuses an --only id that is not in the catalog', async () => {
    const { dir, opts } = workspace();
    dirs.push(dir);
    let error: Error | undefined;
    await generateSounds({ ...opts, only: ['no-such-prompt'] }).catch((e: Error) => (error = e));
    expect(error?.message).to.match(/not in the catalog: no-such-prompt/);
  });

  it('says how to install the tools when they are missing', async () => {
    const { dir, opts } = workspace();
    dirs.push(dir);
    const savedPath = process.env.PATH;
    process.env.PATH = dir; // nothing to find there
    let error: unknown;
    try {
      await generateSounds(opts);
    } catch (e) {
      error = e;
    } finally {
      process.env.PATH = savedPath;
    }
    expect(error).to.be.instanceOf(ToolsMissingError);
    expect((error as ToolsMissingError).tools).to.deep.equal(['espeak-ng', 'sox']);
    expect((error as Error).message).to.contain('apt-get install -y espeak-ng sox');
  });

  it('--check passes on the committed sounds without needing the tools', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', SCRIPT, '--check'], { env: { ...process.env, PATH: path.dirname(process.execPath) } });
    expect(stdout).to.match(/all \d+ prompt files match the catalog/);
  });
});

/**
 * The committed prompt WAVs: one per catalog entry and language, in the
 * format Asterisk's `wav` reader expects, plausibly long, and generated from
 * the catalog text as it is now (the manifest's hashes).
 */
import { readFileSync, statSync } from 'node:fs';
import { expect } from 'chai';
import { LANGUAGES } from '../../src/config/schema.js';
import { isSpoken, loadCatalog, type CatalogEntry } from '../../src/sounds/catalog.js';
import { checkSounds } from '../../src/sounds/generate.js';
import { promptPath } from '../../src/sounds/layout.js';
import { verifyPromptWav, WAV_HEADER_BYTES } from '../../src/sounds/write-wav.js';
import type { WavInfo } from '../../src/sounds/wav-info.js';

const REGENERATE = 'run `npm run sounds` and commit sounds/';

/** Plausible lengths by kind, in ms. */
const BOUNDS: Record<CatalogEntry['kind'], [number, number]> = {
  speech: [300, 15_000],
  digit: [100, 1_500],
  silence: [200, 1_000],
  tone: [100, 2_000],
};

/** A floor that a text's audio cannot be below unless it was cut off: per Han character or per word. */
function minimumMs(text: string): number {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = text.replace(/\p{Script=Han}/gu, ' ').match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
  return 100 * (han + words);
}

function samples(file: string): Int16Array {
  const bytes = readFileSync(file).subarray(WAV_HEADER_BYTES);
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
}

describe('prompt audio files (sounds/<lang>/<id>.wav)', () => {
  const catalog = loadCatalog();
  const infos = new Map<string, WavInfo>();
  const unreadable: string[] = [];

  before(async () => {
    for (const entry of catalog.entries.values()) {
      for (const lang of LANGUAGES) {
        const file = promptPath(lang, entry.id);
        await verifyPromptWav(file).then(
          (info) => infos.set(file, info),
          (err: Error) => unreadable.push(err.message),
        );
      }
    }
  });

  it('exist for every catalog entry in both languages, as 8 kHz mono 16-bit PCM with a 44-byte header', () => {
    expect(unreadable, REGENERATE).to.deep.equal([]);
    expect(infos.size).to.equal(catalog.entries.size * LANGUAGES.length);
  });

  it('have a plausible length for their kind, and none is cut short', () => {
    const bad: string[] = [];
    for (const entry of catalog.entries.values()) {
      const [min, max] = BOUNDS[entry.kind];
      for (const lang of LANGUAGES) {
        const info = infos.get(promptPath(lang, entry.id));
        if (!info) continue;
        const floor = isSpoken(entry) ? Math.max(min, minimumMs(entry.text[lang].text)) : min;
        if (info.durationMs < floor || info.durationMs > max) bad.push(`${lang}/${entry.id}: ${info.durationMs} ms, expected ${floor}-${max}`);
        if (!isSpoken(entry) && Math.abs(info.durationMs - entry.ms) > 20) bad.push(`${lang}/${entry.id}: ${info.durationMs} ms of ${entry.kind}, catalog says ${entry.ms}`);
      }
    }
    expect(bad).to.deep.equal([]);
  });

  it('speech is normalised to about -3 dBFS, silence is silent, and tones peak at their level', () => {
    const bad: string[] = [];
    for (const entry of catalog.entries.values()) {
      for (const lang of LANGUAGES) {
        const file = promptPath(lang, entry.id);
        if (!infos.has(file)) continue;
        const peak = samples(file).reduce((m, s) => Math.max(m, Math.abs(s)), 0);
        if (entry.kind === 'tone') {
          // A sine's peak is its level: -6 dBFS is 16422. Within 0.5 dB.
          const dbfs = 20 * Math.log10(peak / 32767);
          if (Math.abs(dbfs - entry.dbfs) > 0.5) bad.push(`${lang}/${entry.id}: peak ${dbfs.toFixed(2)} dBFS, catalog says ${entry.dbfs}`);
          continue;
        }
        // -3 dBFS is 23197; allow for resampling overshoot and dither.
        if (entry.kind === 'silence' ? peak > 0 : peak < 20_000 || peak > 25_000) bad.push(`${lang}/${entry.id}: peak ${peak}`);
      }
    }
    expect(bad).to.deep.equal([]);
  });

  it('tones are at their frequency, the same in every language folder, and start and end without a click', () => {
    const bad: string[] = [];
    for (const entry of catalog.entries.values()) {
      if (entry.kind !== 'tone') continue;
      const [first, ...others] = LANGUAGES.map((lang) => readFileSync(promptPath(lang, entry.id)));
      for (const other of others) if (!other.equals(first!)) bad.push(`${entry.id}: differs between language folders`);
      const pcm = samples(promptPath(LANGUAGES[0], entry.id));
      // A sine crosses zero twice per cycle; count sign changes from - to + (once per cycle).
      let cycles = 0;
      for (let i = 1; i < pcm.length; i++) if (pcm[i - 1]! < 0 && pcm[i]! >= 0) cycles++;
      const hz = cycles / (pcm.length / 8000);
      if (Math.abs(hz - entry.hz) > entry.hz * 0.02) bad.push(`${entry.id}: about ${hz.toFixed(0)} Hz, catalog says ${entry.hz}`);
      // Faded in and out: the first and last samples are near zero, not a step.
      const edge = Math.max(Math.abs(pcm[0]!), Math.abs(pcm[1]!), Math.abs(pcm.at(-1)!), Math.abs(pcm.at(-2)!));
      if (edge > 1000) bad.push(`${entry.id}: starts or ends at ${edge}, not faded`);
    }
    expect(bad).to.deep.equal([]);
  });

  it('match the catalog as it is now (sounds/manifest.json)', () => {
    const plan = checkSounds();
    const stale = plan.jobs.filter((j) => j.stale).map((j) => `${j.key}: ${j.stale}`);
    expect(stale, `prompt audio is out of date with sounds/catalog.yaml; ${REGENERATE}`).to.deep.equal([]);
    expect(plan.orphans, `WAVs for prompts no longer in the catalog; ${REGENERATE}`).to.deep.equal([]);
  });

  it('stay small enough to ship in the repo (under 10 MB in all)', () => {
    let total = 0;
    for (const entry of catalog.entries.values()) for (const lang of LANGUAGES) total += statSync(promptPath(lang, entry.id)).size;
    expect(total).to.be.below(10 * 1024 * 1024);
  });
});

/**
 * Shared helpers for the config tests: a frozen valid fixture to edit,
 * temp folders with tiny WAVs, and finding lookups.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { checkConfigText, type CheckOptions, type CheckResult } from '../../src/config/check.js';
import type { Finding } from '../../src/config/finding.js';

/** test/config/fixtures/ */
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
/** The repo root. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The frozen valid config the tests edit (same body as flows/hotline.yaml when written). */
export const VALID = readFileSync(path.join(FIXTURES, 'valid.yaml'), 'utf8');

/** The valid fixture with each `from` replaced by `to`; fails the test if a `from` is not there exactly once. */
export function variant(...edits: [from: string, to: string][]): string {
  let text = VALID;
  for (const [from, to] of edits) {
    const count = text.split(from).length - 1;
    expect(count, `edit target ${JSON.stringify(from)} occurs ${count} times`).to.equal(1);
    text = text.replace(from, () => to);
  }
  return text;
}

/** Checks text as "test.yaml" without the prompt audio check (unless opts say otherwise). */
export function check(text: string, opts: CheckOptions = { soundsDir: false }): Promise<CheckResult> {
  return checkConfigText(text, 'test.yaml', opts);
}

/** Findings of one severity. */
export function errors(r: CheckResult): Finding[] {
  return r.findings.filter((f) => f.severity === 'error');
}

/** Warnings only. */
export function warnings(r: CheckResult): Finding[] {
  return r.findings.filter((f) => f.severity === 'warning');
}

/** The only error of the result (fails if there is not exactly one). */
export function onlyError(r: CheckResult): Finding {
  const errs = errors(r);
  expect(errs, JSON.stringify(errs, null, 1)).to.have.length(1);
  return errs[0] as Finding;
}

/** A new temp folder; remember to remove it (removeDir). */
export function tempDir(prefix = 'hotline-config-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Removes a temp folder. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Writes a tiny valid WAV (8 kHz mono 16-bit, 20 ms of silence). */
export function writeTinyWav(file: string): void {
  const data = Buffer.alloc(320);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.concat([header, data]));
}

/** A sounds folder with a tiny WAV for every id in every language. */
export function makeSoundsDir(ids: Iterable<string>, langs: readonly string[] = ['zh-CN', 'en-US']): string {
  const dir = tempDir('hotline-sounds-');
  for (const lang of langs) for (const id of ids) writeTinyWav(path.join(dir, lang, `${id}.wav`));
  return dir;
}

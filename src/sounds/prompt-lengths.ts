/**
 * Known prompt lengths, read once from the WAV files at startup. The call
 * runtime bounds each playback's watchdog by the prompt's real length, so a
 * playback Asterisk never finishes costs the caller seconds, not minutes.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Language } from '../config/schema-parts.js';
import { LANGUAGES } from '../config/schema-parts.js';
import { SOUNDS_DIR } from './layout.js';
import { readWavInfo } from './wav-info.js';

/** Lookup of prompt length in ms by language and id. */
export type PromptLengths = (lang: Language, id: string) => number | undefined;

/** Reads every sounds/<lang>/*.wav; missing folders or unreadable files are skipped. */
export async function loadPromptLengths(soundsDir: string = SOUNDS_DIR): Promise<PromptLengths> {
  const table = new Map<string, number>();
  for (const lang of LANGUAGES) {
    const dir = path.join(soundsDir, lang);
    let files: string[] = [];
    try {
      files = (await readdir(dir)).filter((f) => f.endsWith('.wav'));
    } catch {
      continue;
    }
    await Promise.all(
      files.map(async (f) => {
        try {
          const info = await readWavInfo(path.join(dir, f));
          table.set(`${lang}/${f.slice(0, -4)}`, info.durationMs);
        } catch {
          /* an unreadable file simply has no known length */
        }
      }),
    );
  }
  return (lang, id) => table.get(`${lang}/${id}`);
}

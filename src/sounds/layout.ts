/**
 * Where prompts live, in the repo and on the PBX. The repo keeps
 * sounds/<lang>/<id>.wav with lang a BCP-47 tag (zh-CN, en-US); on Asterisk
 * they are installed as <astdatadir>/sounds/<zh_CN|en_US>/hotline/<id>.wav
 * and played as sound:hotline/<id> with lang=<zh_CN|en_US>.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Language } from '../config/schema-parts.js';
import { safeName } from '../security/safe-names.js';

/**
 * The repo's sounds/ folder: SOUNDS_DIR from the environment, else the
 * nearest sounds/ with a catalog above this file (src/ when run with tsx,
 * dist/src/ when built), so the built service finds the same prompts.
 */
export const SOUNDS_DIR = process.env['SOUNDS_DIR'] || findSoundsDir(path.dirname(fileURLToPath(import.meta.url)));

function findSoundsDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'sounds');
    if (existsSync(path.join(candidate, 'catalog.yaml'))) return candidate + path.sep;
    if (path.dirname(dir) === dir) return path.resolve(from, '../../sounds') + path.sep;
  }
}

/** The folder (under Asterisk's sounds dir) that holds our prompts. */
export const ASTERISK_PROMPT_FOLDER = 'hotline';

const TO_ASTERISK: Record<Language, string> = { 'zh-CN': 'zh_CN', 'en-US': 'en_US' };

/** Asterisk's language code (sounds directory name) for a BCP-47 tag. */
export function asteriskLanguage(lang: Language): string {
  return TO_ASTERISK[lang];
}

/** The BCP-47 tag for an Asterisk language code (zh_CN -> zh-CN); undefined if not ours. */
export function languageFromAsterisk(code: string): Language | undefined {
  const hit = (Object.entries(TO_ASTERISK) as [Language, string][]).find(([bcp, ast]) => ast === code || bcp === code);
  return hit?.[0];
}

/** The media URI that plays a prompt. */
export function promptMedia(id: string): string {
  return `sound:${ASTERISK_PROMPT_FOLDER}/${id}`;
}

/** Path of a prompt's WAV file in the repo. */
export function promptPath(lang: Language, id: string, soundsDir: string = SOUNDS_DIR): string {
  return path.join(soundsDir, lang, `${safeName('prompt-id', id)}.wav`);
}

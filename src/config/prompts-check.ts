/**
 * Every prompt the config names, and every system prompt the flows play,
 * must have audio for every available language: sounds/<lang>/<id>.wav.
 * A missing file is an error pointing at the line that names the prompt, so
 * a typo in a prompt id is caught before a caller hears silence.
 */
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FindingCollector } from './collector.js';
import { formatPath, type DocPath } from './finding.js';
import type { HotlineConfig, Language } from './schema.js';
import { REQUIRED_SYSTEM_PROMPTS } from './system-prompts.js';
import { promptPath } from '../sounds/layout.js';
import { nameProblem } from '../security/safe-names.js';
import { stepFor } from '../flows/steps/index.js';
import { actionPromptFields } from '../flows/steps/step.js';

/** A prompt id and where the config names it. */
export interface PromptRef {
  id: string;
  path: DocPath;
}

/** Every prompt id named by the config, with its path: prompts.*, the menu steps' prompt lists, targets' announce/callbackBy. */
export function collectPromptRefs(config: HotlineConfig): PromptRef[] {
  const refs: PromptRef[] = [];
  const add = (ids: readonly string[], base: DocPath): void => ids.forEach((id, i) => refs.push({ id, path: [...base, i] }));
  for (const [step, ids] of Object.entries(config.prompts)) add(ids, ['prompts', step]);
  // Every PromptList field of every menu step's schema, from the step table, so a new step's prompts are checked too.
  for (const [key, action] of Object.entries(config.menu.keys)) {
    const entry = action as unknown as Record<string, unknown>;
    for (const field of actionPromptFields(stepFor(action).schema)) {
      const ids = entry[field];
      if (Array.isArray(ids)) add(ids as string[], ['menu', 'keys', key, field]);
    }
  }
  for (const [name, target] of Object.entries(config.targets)) {
    add(target.announce, ['targets', name, 'announce']);
    add(target.callbackBy, ['targets', name, 'callbackBy']);
  }
  // The dialer's whisper, opening and reports, once it has a section (its defaults count too).
  if (config.dialer) for (const [field, ids] of Object.entries(config.dialer.prompts)) add(ids, ['dialer', 'prompts', field]);
  return refs;
}

/** Every prompt id the running hotline may play with this config: the config's own plus the system prompts. */
export function allPromptIds(config: HotlineConfig): string[] {
  return [...new Set([...collectPromptRefs(config).map((r) => r.id), ...REQUIRED_SYSTEM_PROMPTS])];
}

/** A path as a person in the repo would type it. */
function shown(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

async function isDir(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

type AudioState = 'ok' | 'missing' | 'not-wav';

/** Checks a prompt file exists and starts with a RIFF/WAVE header (cheap: 12 bytes). */
async function audioState(file: string): Promise<AudioState> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return 'missing';
  }
  try {
    const head = Buffer.alloc(12);
    const { bytesRead } = await handle.read(head, 0, 12, 0);
    const ok = bytesRead === 12 && head.toString('ascii', 0, 4) === 'RIFF' && head.toString('ascii', 8, 12) === 'WAVE';
    return ok ? 'ok' : 'not-wav';
  } finally {
    await handle.close();
  }
}

/** Adds an error for every named or system prompt that lacks a WAV in some available language. */
export async function checkPromptAudio(config: HotlineConfig, soundsDir: string, out: FindingCollector): Promise<void> {
  const langs = [...new Set(config.languages.available)];
  if (!(await isDir(soundsDir))) {
    out.error('missing-sounds-dir', [], `the sounds folder ${shown(soundsDir)} does not exist, so no prompt has audio`, {
      at: 'none',
      allowed: 'a folder with <lang>/<prompt-id>.wav for every prompt (npm run sounds generates it)',
    });
    return;
  }
  const present: Language[] = [];
  for (const lang of langs) {
    if (await isDir(path.join(soundsDir, lang))) present.push(lang);
    else {
      out.error('missing-prompt-audio', ['languages', 'available'], `no ${shown(path.join(soundsDir, lang))} folder, so no prompt has ${lang} audio`, {
        allowed: `sounds/${lang}/<prompt-id>.wav for every prompt, or remove ${lang} from languages.available`,
      });
    }
  }

  const byId = new Map<string, DocPath[]>();
  for (const ref of collectPromptRefs(config)) byId.set(ref.id, [...(byId.get(ref.id) ?? []), ref.path]);
  for (const id of REQUIRED_SYSTEM_PROMPTS) if (!byId.has(id)) byId.set(id, []);

  for (const [id, paths] of byId) {
    // An unsafe id never becomes a path (src/security/safe-names.ts); the schema reports it.
    if (nameProblem('prompt-id', id) !== undefined) continue;
    const missing: string[] = [];
    const notWav: string[] = [];
    for (const lang of present) {
      const file = promptPath(lang, id, soundsDir);
      const state = await audioState(file);
      if (state === 'missing') missing.push(shown(file));
      if (state === 'not-wav') notWav.push(shown(file));
    }
    if (missing.length === 0 && notWav.length === 0) continue;
    const [first, ...others] = paths;
    const also = others.length ? `; also named at ${others.map((p) => formatPath(p)).join(', ')}` : '';
    const what = first ? `prompt "${id}"` : `system prompt "${id}" (the flows play it without the config naming it)`;
    const at = first ? 'value' : 'none';
    if (missing.length) {
      out.error('missing-prompt-audio', first ?? [], `${what} has no audio: ${missing.join(', ')} not found${also}`, {
        at,
        allowed: 'a prompt id with a WAV in sounds/<lang>/ for every available language (see sounds/catalog.yaml)',
      });
    }
    if (notWav.length) {
      out.error('bad-prompt-audio', first ?? [], `${what}: ${notWav.join(', ')} is not a WAV file${also}`, {
        at,
        allowed: 'a RIFF/WAVE file (8 or 16 kHz, mono, 16-bit for Asterisk)',
      });
    }
  }
}

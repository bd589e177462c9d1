/**
 * The prompt catalog (sounds/catalog.yaml): every prompt id the hotline can
 * play and what it says per language. The generator renders it to WAVs; the
 * tests and the config check use it to prove every id a flow names exists.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { Language, LANGUAGES, PromptId } from '../config/schema-parts.js';
import { SOUNDS_DIR } from './layout.js';

/** Default location of the catalog. */
export const CATALOG_FILE = path.join(SOUNDS_DIR, 'catalog.yaml');

/** A text and the voice (language) that speaks it. */
export interface SpokenText {
  text: string;
  /** Usually the folder's language; differs for e.g. "For English, press 9" in the zh-CN folder. */
  voice: Language;
}

/** A prompt made by speech synthesis; `digit` marks the short read-back pieces. */
export interface SpeechEntry {
  id: string;
  kind: 'speech' | 'digit';
  note?: string;
  text: Record<Language, SpokenText>;
}

/** A prompt that is silence of a fixed length (the same file in every language). */
export interface SilenceEntry {
  id: string;
  kind: 'silence';
  note?: string;
  ms: number;
}

/**
 * A prompt that is a sine tone (the same file in every language), e.g. the
 * beep before a voice note: Asterisk's own `beep` is a core sound a PBX may
 * not have installed.
 */
export interface ToneEntry {
  id: string;
  kind: 'tone';
  note?: string;
  /** Frequency in Hz, inside the telephone band. */
  hz: number;
  ms: number;
  /** Peak level in dBFS (negative). */
  dbfs: number;
}

/** One catalog entry. */
export type CatalogEntry = SpeechEntry | SilenceEntry | ToneEntry;

/** Whether an entry is spoken (speech or digit), i.e. has a text per language. */
export function isSpoken(entry: CatalogEntry): entry is SpeechEntry {
  return entry.kind === 'speech' || entry.kind === 'digit';
}

/** A loaded, checked catalog. */
export interface PromptCatalog {
  /** Where it was read from (for messages). */
  source: string;
  /** Entries in file order. */
  entries: ReadonlyMap<string, CatalogEntry>;
}

/** A catalog that cannot be used; the message names the file and the entry. */
export class CatalogError extends Error {
  override name = 'CatalogError';
}

const Text = z.string().trim().min(1, 'the text is empty').max(400, 'keep a prompt under 400 characters');
const TextInVoice = z.union([Text, z.object({ text: Text, voice: Language }).strict()]);
const perLanguage = Object.fromEntries(LANGUAGES.map((lang) => [lang, TextInVoice])) as Record<Language, typeof TextInVoice>;

const SpeechSchema = z
  .object({ kind: z.enum(['speech', 'digit']).default('speech'), note: z.string().optional(), ...perLanguage })
  .strict();
const SilenceSchema = z
  .object({
    kind: z.literal('silence'),
    note: z.string().optional(),
    ms: z.number().int().min(50, 'at least 50 ms').max(5000, 'at most 5000 ms'),
  })
  .strict();
/** A tone's level when the catalog gives none: loud enough to notice, 3 dB under speech prompts. */
export const DEFAULT_TONE_DBFS = -6;
const ToneSchema = z
  .object({
    kind: z.literal('tone'),
    note: z.string().optional(),
    hz: z.number().int().min(300, 'at least 300 Hz (telephone band)').max(3400, 'at most 3400 Hz (telephone band)'),
    ms: z.number().int().min(50, 'at least 50 ms').max(2000, 'at most 2000 ms'),
    dbfs: z.number().min(-30, 'at least -30 dBFS').max(-1, 'at most -1 dBFS (leave headroom)').default(DEFAULT_TONE_DBFS),
  })
  .strict();
const FileSchema = z
  .object({ version: z.literal(1), prompts: z.record(z.string(), z.unknown()) })
  .strict();

function describe(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

function toEntry(id: string, raw: unknown, source: string): CatalogEntry {
  const idCheck = PromptId.safeParse(id);
  if (!idCheck.success) throw new CatalogError(`${source}: entry "${id}": ${describe(idCheck.error.issues)}`);
  const kind = typeof raw === 'object' && raw !== null ? (raw as { kind?: unknown }).kind : undefined;
  if (kind === 'silence') {
    const r = SilenceSchema.safeParse(raw);
    if (!r.success) throw new CatalogError(`${source}: entry "${id}": ${describe(r.error.issues)}`);
    return { id, kind: 'silence', ms: r.data.ms, ...(r.data.note ? { note: r.data.note } : {}) };
  }
  if (kind === 'tone') {
    const r = ToneSchema.safeParse(raw);
    if (!r.success) throw new CatalogError(`${source}: entry "${id}": ${describe(r.error.issues)}`);
    return { id, kind: 'tone', hz: r.data.hz, ms: r.data.ms, dbfs: r.data.dbfs, ...(r.data.note ? { note: r.data.note } : {}) };
  }
  const r = SpeechSchema.safeParse(raw);
  if (!r.success) throw new CatalogError(`${source}: entry "${id}": ${describe(r.error.issues)}`);
  const text = {} as Record<Language, SpokenText>;
  for (const lang of LANGUAGES) {
    const v = r.data[lang];
    text[lang] = typeof v === 'string' ? { text: v, voice: lang } : { text: v.text, voice: v.voice };
  }
  return { id, kind: r.data.kind, text, ...(r.data.note ? { note: r.data.note } : {}) };
}

/** Parses catalog YAML text; throws CatalogError naming the bad entry. */
export function parseCatalog(yamlText: string, source = 'catalog'): PromptCatalog {
  let doc: unknown;
  try {
    doc = parse(yamlText);
  } catch (err) {
    throw new CatalogError(`${source}: not valid YAML (${(err as Error).message})`);
  }
  const file = FileSchema.safeParse(doc);
  if (!file.success) throw new CatalogError(`${source}: ${describe(file.error.issues)}`);
  const entries = new Map<string, CatalogEntry>();
  for (const [id, raw] of Object.entries(file.data.prompts)) entries.set(id, toEntry(id, raw, source));
  if (entries.size === 0) throw new CatalogError(`${source}: no prompts`);
  return { source, entries };
}

/** Reads and checks a catalog file (default sounds/catalog.yaml). */
export function loadCatalog(file: string = CATALOG_FILE): PromptCatalog {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CatalogError(`${file}: cannot read the prompt catalog (${(err as Error).message})`);
  }
  return parseCatalog(text, file);
}

/** All prompt ids, in catalog order. */
export function promptIds(catalog: PromptCatalog): string[] {
  return [...catalog.entries.keys()];
}

/** Whether the catalog has a prompt. */
export function hasPrompt(catalog: PromptCatalog, id: string): boolean {
  return catalog.entries.has(id);
}

/** The ids in `ids` that the catalog lacks (deduplicated, in first-seen order). */
export function missingPromptIds(catalog: PromptCatalog, ids: Iterable<string>): string[] {
  return [...new Set(ids)].filter((id) => !catalog.entries.has(id));
}

/** What a prompt says in a language folder and in which voice; undefined for silence, a tone or an unknown id. */
export function spokenText(catalog: PromptCatalog, id: string, lang: Language): SpokenText | undefined {
  const entry = catalog.entries.get(id);
  return entry && isSpoken(entry) ? entry.text[lang] : undefined;
}

/** The text of a prompt in a language folder; undefined for silence, a tone or an unknown id. */
export function promptText(catalog: PromptCatalog, id: string, lang: Language): string | undefined {
  return spokenText(catalog, id, lang)?.text;
}

/**
 * Brings sounds/<lang>/<id>.wav in line with the catalog: plans which files
 * are missing or stale (by the manifest's hashes), renders only those, and
 * removes WAVs whose prompt left the catalog. Used by scripts/generate-sounds.ts.
 */
import { existsSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGES, type Language } from '../config/schema-parts.js';
import { CATALOG_FILE, loadCatalog, type PromptCatalog } from './catalog.js';
import { promptPath, SOUNDS_DIR } from './layout.js';
import { MANIFEST_FILE, manifestKey, readManifest, writeManifest, type Manifest } from './manifest.js';
import { renderHash, renderSpec, type RenderSpec } from './render-spec.js';
import { INSTALL_HINT, missingTools, renderPcm } from './synthesise.js';
import { writePromptWav } from './write-wav.js';

/** Where to read and write, and what to (re)build. */
export interface GenerateOptions {
  catalogFile?: string;
  soundsDir?: string;
  manifestFile?: string;
  /** Only these prompt ids (others are left alone, and nothing is removed). */
  only?: readonly string[];
  /** Render even files whose hash matches (e.g. after upgrading espeak-ng). */
  force?: boolean;
  /** Renders run in parallel, this many at a time. */
  concurrency?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** Why a file needs rendering. */
export type StaleReason = 'new' | 'text or voice changed' | 'file missing' | 'file size differs' | 'forced';

/** One prompt file in one language folder. */
export interface SoundJob {
  id: string;
  lang: Language;
  key: string;
  file: string;
  spec: RenderSpec;
  hash: string;
  stale?: StaleReason;
}

/** What a plan found. */
export interface SoundPlan {
  jobs: SoundJob[];
  /** Files (relative to the sounds dir) whose prompt is no longer in the catalog. */
  orphans: string[];
}

/** What a run did. */
export interface GenerateReport extends SoundPlan {
  rendered: string[];
  removed: string[];
}

/** Thrown when rendering is needed and espeak-ng or sox is missing. */
export class ToolsMissingError extends Error {
  override name = 'ToolsMissingError';
  constructor(readonly tools: string[]) {
    super(`missing ${tools.join(' and ')}; install with: ${INSTALL_HINT}`);
  }
}

function staleReason(job: Omit<SoundJob, 'stale'>, manifest: Manifest, force: boolean): StaleReason | undefined {
  const recorded = manifest.files[job.key];
  if (!recorded) return 'new';
  if (recorded.hash !== job.hash) return 'text or voice changed';
  if (!existsSync(job.file)) return 'file missing';
  if (statSync(job.file).size !== recorded.bytes) return 'file size differs';
  return force ? 'forced' : undefined;
}

/** Works out which files are stale, without touching anything. */
export function planSounds(catalog: PromptCatalog, manifest: Manifest, soundsDir: string, only?: readonly string[], force = false): SoundPlan {
  if (only) {
    const unknown = only.filter((id) => !catalog.entries.has(id));
    if (unknown.length) throw new Error(`not in the catalog: ${unknown.join(', ')}`);
  }
  const jobs: SoundJob[] = [];
  for (const entry of catalog.entries.values()) {
    if (only && !only.includes(entry.id)) continue;
    for (const lang of LANGUAGES) {
      const spec = renderSpec(entry, lang);
      const base = { id: entry.id, lang, key: manifestKey(lang, entry.id), file: promptPath(lang, entry.id, soundsDir), spec, hash: renderHash(spec) };
      const stale = staleReason(base, manifest, force);
      jobs.push(stale ? { ...base, stale } : base);
    }
  }
  const orphans: string[] = [];
  if (!only) {
    const wanted = new Set(jobs.map((j) => j.key));
    for (const lang of LANGUAGES) {
      const dir = path.join(soundsDir, lang);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.wav')).sort()) {
        if (!wanted.has(`${lang}/${name}`)) orphans.push(`${lang}/${name}`);
      }
    }
    for (const key of Object.keys(manifest.files)) if (!wanted.has(key) && !orphans.includes(key)) orphans.push(key);
  }
  return { jobs, orphans };
}

/** The plan for the given files, read from disk (used by --check and the tests). */
export function checkSounds(opts: GenerateOptions = {}): SoundPlan {
  const catalog = loadCatalog(opts.catalogFile ?? CATALOG_FILE);
  const manifest = readManifest(opts.manifestFile ?? MANIFEST_FILE);
  return planSounds(catalog, manifest, opts.soundsDir ?? SOUNDS_DIR, opts.only, opts.force);
}

async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

/** Renders every stale file, removes orphans, and rewrites the manifest. */
export async function generateSounds(opts: GenerateOptions = {}): Promise<GenerateReport> {
  const soundsDir = opts.soundsDir ?? SOUNDS_DIR;
  const manifestFile = opts.manifestFile ?? MANIFEST_FILE;
  const log = opts.log ?? (() => undefined);
  const manifest = readManifest(manifestFile);
  const plan = planSounds(loadCatalog(opts.catalogFile ?? CATALOG_FILE), manifest, soundsDir, opts.only, opts.force);
  const todo = plan.jobs.filter((j) => j.stale);
  if (todo.length) {
    const missing = await missingTools();
    if (missing.length) throw new ToolsMissingError(missing);
  }
  const rendered: string[] = [];
  try {
    await inBatches(todo, opts.concurrency ?? 4, async (job) => {
      mkdirSync(path.dirname(job.file), { recursive: true });
      const info = await writePromptWav(job.file, await renderPcm(job.spec));
      manifest.files[job.key] = { hash: job.hash, bytes: statSync(job.file).size, durationMs: info.durationMs };
      rendered.push(job.key);
      log(`rendered ${job.key} (${job.stale}, ${info.durationMs} ms)`);
    });
  } catch (err) {
    // Keep what was rendered before the failure, so a rerun resumes there.
    if (rendered.length) writeManifest(manifest, manifestFile);
    throw err;
  }
  const removed: string[] = [];
  for (const key of plan.orphans) {
    const file = path.join(soundsDir, key);
    if (existsSync(file)) unlinkSync(file);
    delete manifest.files[key];
    removed.push(key);
    log(`removed ${key} (no longer in the catalog)`);
  }
  if (rendered.length || removed.length || !existsSync(manifestFile)) writeManifest(manifest, manifestFile);
  return { ...plan, rendered: rendered.sort(), removed };
}

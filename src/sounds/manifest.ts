/**
 * sounds/manifest.json: for each generated WAV, the hash of what it was made
 * from. The generator skips files whose hash still matches (fast reruns), and
 * the tests compare it with the catalog so an edited text that was never
 * regenerated fails CI instead of shipping stale audio.
 */
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Language } from '../config/schema.js';
import { SOUNDS_DIR } from './layout.js';

/** Default location of the manifest. */
export const MANIFEST_FILE = path.join(SOUNDS_DIR, 'manifest.json');

const ManifestFileEntry = z
  .object({
    /** renderHash() of the spec the file was made from. */
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    /** Size of the WAV file, to notice a file replaced by hand. */
    bytes: z.number().int().nonnegative(),
    durationMs: z.number().int().nonnegative(),
  })
  .strict();
/** What the manifest records about one WAV. */
export type ManifestFileEntry = z.infer<typeof ManifestFileEntry>;

const ManifestSchema = z
  .object({
    note: z.string().optional(),
    files: z.record(z.string(), ManifestFileEntry),
  })
  .strict();
/** The manifest: files keyed by "<lang>/<id>.wav" (relative to sounds/). */
export type Manifest = z.infer<typeof ManifestSchema>;

const NOTE = 'Written by `npm run sounds`; do not edit. Hashes of the text, voice and effects each WAV was made from.';

/** The manifest key of a prompt file. */
export function manifestKey(lang: Language, id: string): string {
  return `${lang}/${id}.wav`;
}

/** Reads the manifest; a missing file is an empty manifest, a corrupt one throws. */
export function readManifest(file: string = MANIFEST_FILE): Manifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { files: {} };
    throw err;
  }
  const r = ManifestSchema.safeParse(JSON.parse(text));
  if (!r.success) throw new Error(`${file}: not a sounds manifest (${r.error.issues[0]?.message ?? 'invalid'}); delete it and run \`npm run sounds\``);
  return r.data;
}

/** Writes the manifest with sorted keys (stable diffs), atomically. */
export function writeManifest(manifest: Manifest, file: string = MANIFEST_FILE): void {
  const files = Object.fromEntries(Object.keys(manifest.files).sort().map((k) => [k, manifest.files[k]]));
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ note: NOTE, files }, null, 2)}\n`);
  renameSync(tmp, file);
}

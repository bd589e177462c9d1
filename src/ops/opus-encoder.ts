/**
 * The Opus encoder for voice notes, if node-opus is installed: it is a
 * native module (node-gyp, libopus bundled) and an optional dependency of
 * the project (allowScripts lets npm build it), so a machine where it does
 * not build still installs, and everything works without it (voice notes
 * are then served as WAV). Checked on the 2-core dev machine on
 * 2026-12-03: node-opus 0.3.3 builds under `npm ci` and encodes 8 kHz mono.
 */
import { createRequire } from 'node:module';
import type { OpusFrameEncoder } from './ogg-opus.js';

type OpusModule = { OpusEncoder: new (rate: number, channels: number) => OpusFrameEncoder };

let loaded: OpusModule | null | undefined;

/** An encoder for `rate` Hz mono, or undefined when node-opus is not installed (or does not load). */
export function opusEncoder(rate: number): OpusFrameEncoder | undefined {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)('node-opus') as OpusModule;
    } catch {
      loaded = null;
    }
  }
  return loaded ? new loaded.OpusEncoder(rate, 1) : undefined;
}

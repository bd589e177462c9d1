/**
 * The Opus encoder for voice notes, if node-opus is installed: it is a
 * native module (node-gyp, libopus bundled) and not a dependency of the
 * project, so it is loaded only if present and everything works without
 * it (voice notes are then served as WAV). Checked on the 2-core dev
 * machine on 2026-12-03: node-opus 0.3.3 builds there (node-gyp rebuild,
 * after npm's install-script approval) and encodes 8 kHz mono.
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

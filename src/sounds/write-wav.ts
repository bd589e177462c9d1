/**
 * Writes prompt PCM as a plain 44-byte-header PCM WAV (what Asterisk's
 * format_wav reads) with the `wav` package, and checks the result.
 */
import { renameSync, statSync, writeFileSync } from 'node:fs';
import wav from 'wav';
import { PROMPT_AUDIO } from './render-spec.js';
import { readWavInfo, type WavInfo } from './wav-info.js';

/** Size of the canonical PCM WAV header (RIFF + fmt + data chunk headers). */
export const WAV_HEADER_BYTES = 44;

/**
 * Wraps PCM in a WAV header in memory. wav.Writer emits a provisional header
 * first and the final one (with the sizes) as a 'header' event at the end;
 * we patch it in before anything touches disk. (wav.FileWriter patches the
 * file through a second descriptor while its stream may still be writing,
 * a race we do not need.)
 */
export function encodeWav(pcm: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const writer = new wav.Writer({ ...PROMPT_AUDIO });
    const chunks: Buffer[] = [];
    let finalHeader: Buffer | undefined;
    writer.on('header', (h: Buffer) => {
      finalHeader = h;
    });
    writer.on('data', (b: Buffer) => chunks.push(b));
    writer.on('error', reject);
    writer.on('end', () => {
      const out = Buffer.concat(chunks);
      if (!finalHeader || finalHeader.length !== WAV_HEADER_BYTES) {
        reject(new Error(`wav.Writer gave no ${WAV_HEADER_BYTES}-byte final header`));
        return;
      }
      finalHeader.copy(out, 0);
      resolve(out);
    });
    writer.end(pcm);
  });
}

/** Checks that a file is a prompt WAV: PCM, 8 kHz, mono, 16-bit, 44-byte header, `pcmBytes` of audio if given. */
export async function verifyPromptWav(file: string, pcmBytes?: number): Promise<WavInfo> {
  const info = await readWavInfo(file);
  const problems: string[] = [];
  if (info.audioFormat !== 1) problems.push(`format ${info.audioFormat}, not PCM (1)`);
  if (info.sampleRate !== PROMPT_AUDIO.sampleRate) problems.push(`${info.sampleRate} Hz, not ${PROMPT_AUDIO.sampleRate}`);
  if (info.channels !== PROMPT_AUDIO.channels) problems.push(`${info.channels} channels, not mono`);
  if (info.bitDepth !== PROMPT_AUDIO.bitDepth) problems.push(`${info.bitDepth}-bit, not ${PROMPT_AUDIO.bitDepth}`);
  if (pcmBytes !== undefined && info.dataBytes !== pcmBytes) problems.push(`${info.dataBytes} audio bytes, expected ${pcmBytes}`);
  const size = statSync(file).size;
  if (size !== WAV_HEADER_BYTES + info.dataBytes) problems.push(`header is ${size - info.dataBytes} bytes, not ${WAV_HEADER_BYTES}`);
  if (problems.length) throw new Error(`${file}: ${problems.join(', ')}`);
  return info;
}

/** Writes PCM as a prompt WAV at `file` (atomically) and verifies it; returns its header info. */
export async function writePromptWav(file: string, pcm: Buffer): Promise<WavInfo> {
  if (pcm.length === 0 || pcm.length % 2 !== 0) throw new Error(`${file}: ${pcm.length} bytes is not 16-bit audio`);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, await encodeWav(pcm));
  // Verified before the rename, so a bad render never replaces a good file.
  const info = await verifyPromptWav(tmp, pcm.length);
  renameSync(tmp, file);
  return info;
}

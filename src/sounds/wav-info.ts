/**
 * Reads a WAV file's header (format, rate, channels, bits) and its length,
 * using the `wav` package's Reader. Used by the simulator (playback lengths),
 * the config check and the sounds tests.
 */
import { createReadStream } from 'node:fs';
import wav from 'wav';

/** What a WAV header says, plus the playing time of its data. */
export interface WavInfo {
  audioFormat: number;
  sampleRate: number;
  channels: number;
  bitDepth: number;
  dataBytes: number;
  durationMs: number;
}

/** Parses a WAV file's header and counts its audio bytes; rejects on a file that is not WAV. */
export function readWavInfo(file: string): Promise<WavInfo> {
  return new Promise<WavInfo>((resolve, reject) => {
    const reader = new wav.Reader();
    const input = createReadStream(file);
    let format: wav.Format | undefined;
    let dataBytes = 0;
    const fail = (err: Error): void => {
      input.destroy();
      reject(new Error(`${file}: not a readable WAV file (${err.message})`));
    };
    reader.on('format', (fmt: wav.Format) => {
      format = fmt;
    });
    // Counting the bytes the reader hands out is exact even when a header's
    // size field is wrong (common in files written by streaming tools).
    reader.on('data', (chunk: Buffer) => {
      dataBytes += chunk.length;
    });
    reader.on('end', () => {
      if (!format) {
        fail(new Error('no fmt chunk'));
        return;
      }
      const bytesPerSecond = format.sampleRate * format.channels * (format.bitDepth / 8);
      resolve({
        audioFormat: format.audioFormat,
        sampleRate: format.sampleRate,
        channels: format.channels,
        bitDepth: format.bitDepth,
        dataBytes,
        durationMs: bytesPerSecond > 0 ? Math.round((dataBytes / bytesPerSecond) * 1000) : 0,
      });
    });
    reader.on('error', fail);
    input.on('error', fail);
    input.pipe(reader);
  });
}

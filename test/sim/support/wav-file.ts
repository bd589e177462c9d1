/** Writes a silent 8 kHz 16-bit mono WAV of a given length (for prompt-length tests). */
import { writeFileSync } from 'node:fs';

/** Creates the file; its playing time is exactly ms. */
export function writeSilentWav(file: string, ms: number): void {
  const rate = 8000;
  const dataBytes = Math.round((rate * ms) / 1000) * 2;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(dataBytes, 40);
  writeFileSync(file, Buffer.concat([header, Buffer.alloc(dataBytes)]));
}

/**
 * The audio of a simulated recording, so GET /recordings/stored/{name}/file
 * returns a file of the recorded length as a real Asterisk does (it serves
 * the file it wrote under its recording spool). Nobody speaks into the
 * simulator, so the "voice" is a soft tone rising and falling like a short
 * phrase: audible on the ops page's play button, and never mistaken for a
 * real caller's voice. 8 kHz 16-bit mono PCM WAV, what format=wav records.
 */

const RATE = 8_000;

/** A 44-byte-header PCM WAV of `lengthMs` of audio. */
export function recordingWav(lengthMs: number): Buffer {
  const n = Math.max(0, Math.round((lengthMs / 1000) * RATE));
  const data = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    const t = i / RATE;
    // A 220-330 Hz glide, loud for the first half of each 0.6 s "syllable".
    const f = 220 + 110 * Math.sin(2 * Math.PI * 0.5 * t);
    const envelope = Math.max(0, Math.sin((2 * Math.PI * t) / 0.6));
    data.writeInt16LE(Math.round(6_000 * envelope * Math.sin(2 * Math.PI * f * t)), i * 2);
  }
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(RATE, 24);
  h.writeUInt32LE(RATE * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}

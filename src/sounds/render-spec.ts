/**
 * How a catalog entry becomes audio: the espeak-ng voice per language, the
 * sox effects (for speech and for tones), the target format, and the hash that says whether a WAV in
 * the repo still matches its catalog text. Everything that changes the audio
 * goes into the hash, so changing a voice or an effect regenerates the files.
 */
import { createHash } from 'node:crypto';
import type { Language } from '../config/schema.js';
import type { CatalogEntry } from './catalog.js';

/** Asterisk's `wav` format: 8 kHz, 16-bit signed little-endian, mono PCM. */
export const PROMPT_AUDIO = { sampleRate: 8000, channels: 1, bitDepth: 16 } as const;

/** Bytes per second of prompt audio (8000 samples of 2 bytes). */
export const PROMPT_BYTES_PER_SECOND = PROMPT_AUDIO.sampleRate * PROMPT_AUDIO.channels * (PROMPT_AUDIO.bitDepth / 8);

/** espeak-ng voice and speed per spoken language. */
export const ESPEAK_VOICES: Record<Language, { voice: string; wordsPerMinute: number }> = {
  // espeak-ng 1.51's plain "cmn" voice turns many Han characters into pinyin
  // with tone digits and then reads those with English rules ("nin two");
  // its sibling "cmn-latn-pinyin" speaks the same dictionary as Mandarin.
  'zh-CN': { voice: 'cmn-latn-pinyin', wordsPerMinute: 175 },
  // A little slower than espeak's default 175: phone audio is narrow-band.
  'en-US': { voice: 'en-us', wordsPerMinute: 160 },
};

/**
 * sox effects applied to espeak's 22.05 kHz output, in order: trim leading
 * silence, trim trailing silence (reverse/trim/reverse is sox's idiom for
 * it), resample with a steep anti-alias filter to 8 kHz, peak-normalise to
 * -3 dBFS so every prompt plays at the same level with headroom for the
 * codec, then pad 30 ms in front and 80 ms behind so the first phoneme is
 * not clipped by a jitter buffer and prompts played back to back do not run
 * into each other.
 */
export const SPEECH_EFFECTS: readonly string[] = [
  'silence', '1', '0.02', '0.1%',
  'reverse', 'silence', '1', '0.02', '0.1%', 'reverse',
  'rate', '-h', String(PROMPT_AUDIO.sampleRate),
  'gain', '-n', '-3',
  'pad', '0.03', '0.08',
];

/** Length of the raised-cosine fade at each end of a tone, so it starts and stops without a click. */
export const TONE_FADE_SECONDS = 0.005;

/**
 * sox effects that make a tone from sox's null input: a sine of the given
 * frequency and length, faded in and out over TONE_FADE_SECONDS (the length
 * stays as given: nothing is trimmed or padded), then set to its level. A
 * full-scale sine peaks at 0 dBFS, so `gain <dbfs>` makes the peak <dbfs>.
 */
export function toneEffects(spec: { hz: number; ms: number; dbfs: number }): string[] {
  const seconds = (spec.ms / 1000).toFixed(3);
  const fade = TONE_FADE_SECONDS.toFixed(3);
  return ['synth', seconds, 'sine', String(spec.hz), 'fade', 'h', fade, seconds, fade, 'gain', String(spec.dbfs)];
}

/** Bump when the rendering changes in a way the fields above do not show (e.g. the WAV writer). */
export const RENDER_VERSION = 2;

/** Everything that decides the audio of one prompt file. */
export type RenderSpec =
  | { kind: 'speech'; text: string; espeakVoice: string; wordsPerMinute: number }
  | { kind: 'silence'; ms: number }
  | { kind: 'tone'; hz: number; ms: number; dbfs: number };

/** The render spec of an entry in a language folder. */
export function renderSpec(entry: CatalogEntry, lang: Language): RenderSpec {
  if (entry.kind === 'silence') return { kind: 'silence', ms: entry.ms };
  if (entry.kind === 'tone') return { kind: 'tone', hz: entry.hz, ms: entry.ms, dbfs: entry.dbfs };
  const spoken = entry.text[lang];
  const voice = ESPEAK_VOICES[spoken.voice];
  return { kind: 'speech', text: spoken.text, espeakVoice: voice.voice, wordsPerMinute: voice.wordsPerMinute };
}

/** A stable hash of a render spec plus the effects chain and format (hex sha-256). */
export function renderHash(spec: RenderSpec): string {
  const effects = spec.kind === 'speech' ? SPEECH_EFFECTS : spec.kind === 'tone' ? toneEffects(spec) : [];
  const material = JSON.stringify({ v: RENDER_VERSION, spec, effects, audio: PROMPT_AUDIO });
  return createHash('sha256').update(material).digest('hex');
}

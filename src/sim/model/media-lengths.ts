/**
 * How a media URI plays on this Asterisk: how long, or whether it fails, is
 * skipped, or never ends. Prompt lengths come from the repo's WAV files
 * (sounds/<zh-CN|en-US>/<id>.wav for sound:hotline/<id> with lang zh_CN or
 * en_US), read once and cached. `soundLengths` overrides anything.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../clock/clock.js';
import type { Logger } from '../../log/logger.js';
import { ASTERISK_PROMPT_FOLDER, asteriskLanguage, languageFromAsterisk, promptPath } from '../../sounds/layout.js';
import { readWavInfo } from '../../sounds/wav-info.js';
import { nameProblem } from '../../security/safe-names.js';
import type { Language } from '../../config/schema.js';

/** What playing one media URI does. */
export type MediaPlan =
  /** Plays for ms; speechMs of it is speech (for a Local peer hearing it). */
  | { kind: 'timed'; ms: number; speechMs: number; controllable: boolean; opensFile: boolean }
  /** The sound file is missing: PlaybackFinished "failed" at once. */
  | { kind: 'missing' }
  /** Asterisk skips it without a final event (unsupported scheme, bad number, unknown recording). */
  | { kind: 'skip' }
  /** Plays until stopped (tone:). */
  | { kind: 'endless' };

/**
 * Core sounds present on the reference box, with their lengths as played
 * (PlaybackStarted to PlaybackFinished): hello-world 1403 ms in the
 * talk-detect trace, beep 425 ms in the rest-over-websocket trace.
 */
const CORE_SOUNDS: Record<string, number> = {
  'hello-world': 1403,
  beep: 425,
  goodbye: 720,
  'pls-wait': 1250,
};

/** Trailing quiet at the end of a spoken sound file (hello-world: talk ends ~80 ms before playback). */
const TRAILING_QUIET_MS = 80;

/** ~840 ms per spoken digit (dtmf trace: 11 digits in 9242 ms). */
export const SAY_DIGIT_MS = 840;

/** Options for media length resolution. */
export interface MediaLengthOptions {
  clock: Clock;
  logger: Logger;
  soundsDir: string;
  overrides: Record<string, number>;
  /** Length of a stored recording by name, if it exists. */
  recordingLength: (name: string) => number | undefined;
}

/** Media length resolver with a cache of WAV lengths. */
export class MediaLengths {
  private readonly wavCache = new Map<string, number>();

  constructor(private readonly opts: MediaLengthOptions) {}

  /** Reads every prompt WAV up front so most plays resolve synchronously. */
  async warm(): Promise<void> {
    for (const lang of ['zh-CN', 'en-US'] as Language[]) {
      const dir = path.join(this.opts.soundsDir, lang);
      let files: string[];
      try {
        files = await readdir(dir);
      } catch {
        continue;
      }
      await Promise.all(files.filter((f) => f.endsWith('.wav')).map((f) => this.readWav(path.join(dir, f))));
    }
  }

  /** The plan for media in a language; a Promise only when a WAV must be read first. */
  plan(media: string, lang: string): MediaPlan | Promise<MediaPlan> {
    const override = this.opts.overrides[media] ?? this.opts.overrides[stripScheme(media)];
    if (override !== undefined) return timed(override, true, true);
    const colon = media.indexOf(':');
    const scheme = colon < 0 ? '' : media.slice(0, colon);
    const rest = colon < 0 ? media : media.slice(colon + 1);
    switch (scheme) {
      case 'sound':
        return this.planSound(rest, lang);
      case 'digits':
        return timed(rest.length * SAY_DIGIT_MS, false, true);
      case 'characters':
        return timed(rest.length * SAY_DIGIT_MS, false, true);
      case 'number': {
        const n = /^\s*[-+]?\d+/.exec(rest);
        if (!n) return { kind: 'skip' };
        return timed(spokenNumberWords(Number.parseInt(n[0], 10)) * SAY_DIGIT_MS, false, true);
      }
      case 'tone':
        return { kind: 'endless' };
      case 'recording': {
        const ms = this.opts.recordingLength(rest);
        return ms === undefined ? { kind: 'skip' } : timed(ms, true, true);
      }
      default:
        return { kind: 'skip' };
    }
  }

  private planSound(name: string, lang: string): MediaPlan | Promise<MediaPlan> {
    const prefix = `${ASTERISK_PROMPT_FOLDER}/`;
    if (name.startsWith(prefix)) {
      const bcp = languageFromAsterisk(lang);
      // Prompts are installed under zh_CN/en_US only; any other lang misses them.
      if (!bcp || asteriskLanguage(bcp) !== lang) return { kind: 'missing' };
      // A name no prompt file can have (a raw REST request may send anything): not found, as on Asterisk.
      if (nameProblem('prompt-id', name.slice(prefix.length)) !== undefined) return { kind: 'missing' };
      const file = promptPath(bcp, name.slice(prefix.length), this.opts.soundsDir);
      const cached = this.wavCache.get(file);
      if (cached !== undefined) return timed(cached, true, true);
      return this.readWav(file).then((ms) => (ms === undefined ? { kind: 'missing' } : timed(ms, true, true)));
    }
    const silence = /^silence\/(\d+)$/.exec(name);
    if (silence) {
      const secs = Number(silence[1]);
      return secs >= 1 && secs <= 10 ? { kind: 'timed', ms: secs * 1000, speechMs: 0, controllable: true, opensFile: true } : { kind: 'missing' };
    }
    const core = CORE_SOUNDS[name];
    return core === undefined ? { kind: 'missing' } : timed(core, true, true);
  }

  private async readWav(file: string): Promise<number | undefined> {
    const cached = this.wavCache.get(file);
    if (cached !== undefined) return cached;
    // Virtual time must not move while the length is unknown.
    const release = this.opts.clock.hold(`sim: reading ${file}`);
    try {
      await stat(file);
      const info = await readWavInfo(file);
      this.wavCache.set(file, info.durationMs);
      return info.durationMs;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.opts.logger.warn('sim: unreadable prompt', { file, error: String(err) });
      return undefined;
    } finally {
      release();
    }
  }
}

function timed(ms: number, controllable: boolean, opensFile: boolean): MediaPlan {
  return { kind: 'timed', ms, speechMs: Math.max(0, ms - TRAILING_QUIET_MS), controllable, opensFile };
}

function stripScheme(media: string): string {
  const colon = media.indexOf(':');
  return colon < 0 ? media : media.slice(colon + 1);
}

/** How many sound files Asterisk's English say_number strings together for n. */
export function spokenNumberWords(n: number): number {
  if (n < 0) return 1 + spokenNumberWords(-n);
  if (n < 21) return 1;
  if (n < 100) return n % 10 === 0 ? 1 : 2;
  if (n < 1000) return 2 + (n % 100 === 0 ? 0 : spokenNumberWords(n % 100));
  if (n < 1_000_000) return spokenNumberWords(Math.floor(n / 1000)) + 1 + (n % 1000 === 0 ? 0 : spokenNumberWords(n % 1000));
  return spokenNumberWords(Math.floor(n / 1_000_000)) + 1 + (n % 1_000_000 === 0 ? 0 : spokenNumberWords(n % 1_000_000));
}

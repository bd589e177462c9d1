/**
 * Turns a render spec into raw PCM (8 kHz, 16-bit signed LE, mono) with the
 * system tools espeak-ng and sox (sox alone for silence and tones). Only the sound generator and its test use
 * this; deploys ship the committed WAVs and need neither tool.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PROMPT_AUDIO, SPEECH_EFFECTS, toneEffects, type RenderSpec } from './render-spec.js';

/** How to get the tools on Debian/Ubuntu (what CI does too). */
export const INSTALL_HINT = 'apt-get update && apt-get install -y espeak-ng sox';

/** The system tools prompt generation needs. */
export const REQUIRED_TOOLS = ['espeak-ng', 'sox'] as const;

/** Runs a command, feeding `input` on stdin; resolves with stdout, rejects with stderr on failure. */
function run(cmd: string, args: readonly string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (b: Buffer) => out.push(b));
    child.stderr?.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`${cmd} exited with ${code}: ${Buffer.concat(err).toString().trim()}`));
    });
    if (child.stdin) {
      // A tool that exits early closes stdin; its exit code tells us why, not EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
  });
}

/** The required tools that are not installed (empty when all are there). */
export async function missingTools(): Promise<string[]> {
  const missing: string[] = [];
  for (const tool of REQUIRED_TOOLS) {
    try {
      await run(tool, ['--version']);
    } catch {
      missing.push(tool);
    }
  }
  return missing;
}

// sox's output side: raw samples in the prompt format. -R makes any dither
// repeatable, so the same text always gives byte-identical files.
const RAW_OUT = ['-t', 'raw', '-e', 'signed-integer', '-b', String(PROMPT_AUDIO.bitDepth), '-c', String(PROMPT_AUDIO.channels), '-r', String(PROMPT_AUDIO.sampleRate), '-'];

/** Renders a spec to raw PCM in the prompt format. */
export async function renderPcm(spec: RenderSpec): Promise<Buffer> {
  if (spec.kind === 'silence') {
    // sox's null input makes silence of the asked length; -D turns off the
    // dither sox would otherwise add, so it is exact digital silence.
    return run('sox', ['-R', '-D', '-n', ...RAW_OUT, 'trim', '0', (spec.ms / 1000).toFixed(3)]);
  }
  if (spec.kind === 'tone') {
    // A sine from the null input, at the output's 8 kHz; no dither either,
    // so the same spec always gives the same samples.
    return run('sox', ['-R', '-D', '-n', ...RAW_OUT, ...toneEffects(spec)]);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'hotline-tts-'));
  try {
    const speech = path.join(dir, 'speech.wav');
    // Text goes in on stdin (UTF-8, -b 1) so no text can be taken for an option.
    await run('espeak-ng', ['-v', spec.espeakVoice, '-s', String(spec.wordsPerMinute), '-b', '1', '-w', speech, '--stdin'], spec.text);
    return await run('sox', ['-R', speech, ...RAW_OUT, ...SPEECH_EFFECTS]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

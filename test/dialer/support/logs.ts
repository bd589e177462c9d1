/** Reading simulator far-end logs in dialer tests. */
import type { CallerLogEntry } from '../../../src/sim/index.js';

/** Prompt ids whose playback started, in order. */
export function promptsHeard(log: readonly CallerLogEntry[]): string[] {
  return log.filter((e) => e.kind === 'playback-started').map((e) => ('media' in e ? e.media.replace('sound:hotline/', '') : ''));
}

/** Time (ms since the call was placed) a prompt started (or ended), the n-th time. */
export function promptAt(log: readonly CallerLogEntry[], id: string, on: 'start' | 'end' = 'start', n = 0): number | undefined {
  const kind = on === 'start' ? 'playback-started' : 'playback-finished';
  return log.filter((e) => e.kind === kind && 'media' in e && e.media === `sound:hotline/${id}`)[n]?.t;
}

/** Time of the first entry of a kind. */
export function timeOf(log: readonly CallerLogEntry[], kind: CallerLogEntry['kind']): number | undefined {
  return log.find((e) => e.kind === kind)?.t;
}

/** A customer script that confirms and talks for a while after being put through. */
export const CONFIRMS = [{ waitForPrompt: 'outbound-holder-keys', on: 'end' as const }, { press: '1' }, { waitForBridge: true as const }, { wait: 5_000 }, { hangup: true as const }];

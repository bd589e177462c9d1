/**
 * Reading numbers back: digits become our own digit prompts (Asterisk ships
 * no Mandarin digits), in groups with a pause between them, so a caller can
 * check a number the way the standards ask (in groups, with pauses).
 */
import { digitPrompt } from '../config/system-prompts.js';

/** Splits digits into groups of the given sizes; the rest uses the last size. */
export function groupDigits(digits: string, groups: readonly number[]): string[] {
  const out: string[] = [];
  let i = 0;
  let g = 0;
  while (i < digits.length) {
    const size = groups[Math.min(g, groups.length - 1)] ?? 4;
    out.push(digits.slice(i, i + size));
    i += size;
    g++;
  }
  return out;
}

/** Prompt ids that read `digits` in groups with a pause between groups. */
export function readBackPrompts(digits: string, groups: readonly number[]): string[] {
  const prompts: string[] = [];
  groupDigits(digits, groups).forEach((group, idx) => {
    if (idx > 0) prompts.push('pause');
    for (const d of group) {
      const p = digitPrompt(d);
      if (p) prompts.push(p);
    }
  });
  return prompts;
}

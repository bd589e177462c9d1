/**
 * Recording names as the ops server accepts them before asking for the
 * audio: a stored name is Asterisk's, relative to its recordings folder, so
 * anything that could step out of it is refused rather than passed on. The
 * rule itself lives in src/security/safe-names.ts, the one gate for names.
 */
import { nameProblem } from '../security/safe-names.js';

/** Why a recording name is refused, or undefined when it is safe to fetch. */
export function recordingNameProblem(name: string): string | undefined {
  return nameProblem('recording-name', name);
}

/**
 * Recording names as the ops server accepts them before asking for the
 * audio: a stored name is Asterisk's, relative to its recordings folder, so
 * anything that could step out of it (../, absolute paths, NUL, a URL
 * scheme, backslashes) is refused rather than passed on.
 */

const SAFE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

/** Why a recording name is refused, or undefined when it is safe to fetch. */
export function recordingNameProblem(name: string): string | undefined {
  if (name.length === 0 || name.length > 200) return 'empty or too long';
  if (name.includes('\0')) return 'contains NUL';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(name)) return 'looks like a URL';
  if (name.startsWith('/') || name.includes('\\')) return 'absolute path or backslash';
  if (name.split('/').some((part) => part === '..' || part === '.')) return 'steps out of the recordings folder';
  if (!SAFE.test(name)) return 'unexpected characters';
  return undefined;
}

/**
 * The one gate for names that end up in an ARI URI, a media URI or a file
 * path: prompt ids, sound paths, recording names, callback ids. Such a value
 * may come from a config file, the store, a URL or the command line; if it
 * could step out of its folder (../, an absolute path, a backslash), smuggle
 * an encoded step (%2e%2e%2f), cut a string short (NUL, control characters)
 * or switch to another resource (http:, file:, a channel variable function),
 * it is refused here, before any request or disk access. Each kind allows
 * only the characters it needs, so a slash where none belongs is refused too.
 */

/** What a name is for: each kind has its own allowed characters. */
export type NameKind = 'prompt-id' | 'sound-path' | 'recording-name' | 'callback-id';

/** Lower-case letters, digits and dashes (sounds/catalog.yaml ids); the flow config schema uses the same pattern. */
export const PROMPT_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
/** One path segment of a sound path or a recording name. */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** Store ids: SQLite and PostgreSQL give "cb-<n>" or a UUID; nothing path-like. */
const CALLBACK_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const MAX_LENGTH = 200;

const SINGLE: Record<'prompt-id' | 'callback-id', RegExp> = { 'prompt-id': PROMPT_ID_PATTERN, 'callback-id': CALLBACK_ID };

/** Why a value is refused as a name of that kind, or undefined when it is safe. */
export function nameProblem(kind: NameKind, value: unknown): string | undefined {
  if (typeof value !== 'string') return 'not a string';
  if (value.length === 0 || value.length > MAX_LENGTH) return `empty or longer than ${MAX_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'contains NUL or a control character';
  if (value.includes('%')) return 'contains percent-encoding';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) return 'looks like a URL or a scheme';
  if (value.includes('\\')) return 'contains a backslash';
  if (value.startsWith('/')) return 'is an absolute path';
  const segments = value.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return 'steps out of its folder';
  if (kind === 'prompt-id' || kind === 'callback-id') {
    if (segments.length > 1) return 'contains a path separator';
    return SINGLE[kind].test(value) ? undefined : 'has characters a ' + kind.replace('-', ' ') + ' does not use';
  }
  if (segments.some((s) => !SEGMENT.test(s))) return 'has an empty segment or characters a ' + kind.replace('-', ' ') + ' does not use';
  return undefined;
}

/** A name refused by the gate; the message names the kind and the problem, never more than 40 characters of the value. */
export class UnsafeNameError extends Error {
  constructor(
    readonly kind: NameKind,
    readonly problem: string,
    value: unknown,
  ) {
    super(`refused ${kind} ${JSON.stringify(String(value).slice(0, 40))}: ${problem}`);
    this.name = 'UnsafeNameError';
  }
}

/** Returns the value when it is a safe name of that kind; throws UnsafeNameError otherwise. */
export function safeName(kind: NameKind, value: unknown): string {
  const problem = nameProblem(kind, value);
  if (problem !== undefined) throw new UnsafeNameError(kind, problem, value);
  return value as string;
}

/**
 * Why a media URI is refused by the playback gate: only sound:<sound path>
 * and recording:<recording name> are played (the service plays nothing
 * else, so tone:, digits:, http: and file: have no business here).
 */
export function mediaProblem(media: unknown): string | undefined {
  if (typeof media !== 'string') return 'not a string';
  const m = /^(sound|recording):(.*)$/s.exec(media);
  if (!m) return 'only sound: and recording: media are played';
  const problem = nameProblem(m[1] === 'sound' ? 'sound-path' : 'recording-name', m[2]);
  return problem === undefined ? undefined : `${m[1]} name ${problem}`;
}

/**
 * A finding is one problem the config check reports: an error (the file is
 * rejected) or a warning (the file is accepted, but a value leaves what the
 * call standards allow). Every check returns findings instead of throwing, so
 * one bad file yields one complete report.
 */

/** Errors reject a file; warnings are reported and the file is still used. */
export type Severity = 'error' | 'warning';

/** One problem in a flow config file, with where it is and what would be right. */
export interface Finding {
  severity: Severity;
  /** Stable kind for tests and tools, e.g. 'yaml-syntax', 'unknown-key', 'missing-prompt', 'standard'. */
  code: string;
  /** The config file as the caller named it. */
  file: string;
  /** 1-based line; absent when the problem is not tied to a line (e.g. a system prompt's audio). */
  line?: number;
  /** 1-based column, with line. */
  col?: number;
  /** Where in the document, e.g. `timings.checkInSeconds` or `menu.keys["#"].target`; '' for the whole file. */
  path: string;
  /** What is wrong. */
  message: string;
  /** What is allowed (or what the call standards say). */
  allowed?: string;
}

/** A path through the document: object keys and array indexes, as zod reports them. */
export type DocPath = readonly (string | number)[];

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** Renders a document path for people: `menu.keys.1.target`, `prompts.greeting[2]`, `menu.keys["#"]`. */
export function formatPath(path: DocPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (PLAIN_KEY.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Quotes a value from the file for a message, shortened so a long value cannot flood the report. */
export function showValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = 'nothing';
  else if (typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number') text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Errors first, then warnings; within each, in file order. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding): number => (f.severity === 'error' ? 0 : 1);
  return [...findings].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
      (a.col ?? 0) - (b.col ?? 0) ||
      a.path.localeCompare(b.path),
  );
}

/** True when any finding is an error. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

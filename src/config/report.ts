/**
 * Formats findings for people: errors, then warnings, one per line as
 * `file:line:col path: message (allowed: ...)`, then a summary line. The
 * CLI prints this; the ConfigStore logs the same text when it rejects a file.
 */
import type { CheckResult } from './check.js';
import type { Finding } from './finding.js';

/** One finding as a line: `file:line:col path: message (allowed: ...)`; standards warnings say `(standard: ...)`. */
export function formatFinding(f: Finding): string {
  const where = f.line !== undefined ? `${f.file}:${f.line}:${f.col ?? 1}` : f.file;
  const path = f.path ? ` ${f.path}` : '';
  const allowed = f.allowed ? ` (${f.code === 'standard' ? 'standard' : 'allowed'}: ${f.allowed})` : '';
  return `${where}${path}: ${f.message}${allowed}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The last line of a report: the verdict, the counts and the version. */
export function formatSummary(result: CheckResult): string {
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.length - errors;
  const version = result.version ? ` (version ${result.version})` : '';
  return result.ok
    ? `OK ${result.file}: no errors, ${plural(warnings, 'warning')}${version}`
    : `FAILED ${result.file}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${version}`;
}

/** The full report: sections for errors and warnings (when there are any), then the summary line. */
export function formatReport(result: CheckResult): string {
  const errors = result.findings.filter((f) => f.severity === 'error');
  const warnings = result.findings.filter((f) => f.severity === 'warning');
  const lines: string[] = [];
  if (errors.length) lines.push(`Errors (${errors.length}):`, ...errors.map((f) => `  ${formatFinding(f)}`));
  if (warnings.length) lines.push(`Warnings (${warnings.length}):`, ...warnings.map((f) => `  ${formatFinding(f)}`));
  lines.push(formatSummary(result));
  return lines.join('\n');
}

/**
 * Collects findings for one file. Checks say *what* and *where in the
 * document*; the collector turns the document path into a line and column.
 */
import { formatPath, type DocPath, type Finding, type Severity } from './finding.js';
import type { Locator, Position } from './locate.js';

/** Which text a finding points at: the value, the key, where a missing key would go, a fixed spot, or no line. */
export type Anchor = 'value' | 'key' | 'parentKey' | 'none' | Position;

/** Details of a finding beyond its code, path and message. */
export interface FindingDetails {
  allowed?: string;
  at?: Anchor;
}

/** Accumulates findings for one config file. */
export class FindingCollector {
  readonly findings: Finding[] = [];

  constructor(
    readonly file: string,
    private readonly locator?: Locator,
  ) {}

  /** Records an error (the file is rejected). */
  error(code: string, path: DocPath, message: string, details: FindingDetails = {}): void {
    this.add('error', code, path, message, details);
  }

  /** Records a warning (the file is still used). */
  warning(code: string, path: DocPath, message: string, details: FindingDetails = {}): void {
    this.add('warning', code, path, message, details);
  }

  /** True when the file has the whole path written out (not defaulted). */
  has(path: DocPath): boolean {
    return this.locator?.has(path) ?? false;
  }

  private add(severity: Severity, code: string, path: DocPath, message: string, details: FindingDetails): void {
    const finding: Finding = { severity, code, file: this.file, path: formatPath(path), message };
    const pos = this.position(path, details.at ?? 'value');
    if (pos) {
      finding.line = pos.line;
      finding.col = pos.col;
    }
    if (details.allowed !== undefined) finding.allowed = details.allowed;
    this.findings.push(finding);
  }

  private position(path: DocPath, at: Anchor): Position | undefined {
    if (at === 'none') return undefined;
    if (typeof at === 'object') return at;
    if (!this.locator) return undefined;
    const pos = at === 'key' ? this.locator.key(path) : at === 'parentKey' ? this.locator.parentKey(path) : this.locator.value(path);
    return { line: pos.line, col: pos.col };
  }
}

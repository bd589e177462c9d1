/**
 * A small parser for Asterisk's .conf format, strict enough to catch the
 * mistakes that make Asterisk silently skip a line or a whole section:
 * settings outside a section, a line that is neither header nor setting,
 * and dialplan lines (exten/same) with unbalanced brackets or no priority.
 * Used by the tests of asterisk-config/ and by anyone checking a PBX's files.
 */

/** One `key = value` or `key => value` line. */
export interface ConfSetting {
  key: string;
  op: '=' | '=>';
  value: string;
  line: number;
}

/** A `[name]` or `[name](options)` section and its settings, in file order. */
export interface ConfSection {
  name: string;
  /** What the parentheses say: "!" marks a template, other words name templates to inherit from. */
  options: string[];
  line: number;
  settings: ConfSetting[];
}

/** A `#include` / `#tryinclude` / `#exec` line. */
export interface ConfDirective {
  name: string;
  argument: string;
  line: number;
}

/** A parsed .conf file. */
export interface AsteriskConf {
  file: string;
  sections: ConfSection[];
  directives: ConfDirective[];
}

/** A line the parser cannot accept; the message starts with file:line. */
export class ConfSyntaxError extends Error {
  override name = 'ConfSyntaxError';
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

const SECTION = /^\[([^\][]+)\](?:\(([^()]*)\))?$/;
const SETTING = /^([A-Za-z0-9_.-]+)\s*(=>|=)\s*(.*)$/;
const DIRECTIVE = /^#(include|tryinclude|exec)\s+(.+)$/;
const PRIORITY = /^(\d+|n|s|hint|n\+\d+|\d+\([\w-]+\)|n\([\w-]+\))$/;
const APP = /^([A-Za-z][A-Za-z0-9_]*)(\((.*)\))?$/s;
const OPENERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

/** Index of the first `;` that starts a comment (`\;` is a literal semicolon), or -1. */
function commentStart(raw: string): number {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '\\') i++;
    else if (raw[i] === ';') return i;
  }
  return -1;
}

/** Whether the comment at `at` opens a block comment: ";--" but not ";---" (as Asterisk's config.c reads it). */
function opensBlock(raw: string, at: number): boolean {
  return raw.startsWith(';--', at) && raw[at + 3] !== '-';
}

/** The first bracket problem in `s`, or undefined when (), [] and {} all balance. */
export function bracketProblem(s: string): string | undefined {
  const stack: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\') {
      i++;
    } else if (c === '(' || c === '[' || c === '{') {
      stack.push(c);
    } else if (c in OPENERS) {
      if (stack.pop() !== OPENERS[c]) return `unexpected "${c}" at column ${i + 1}`;
    }
  }
  return stack.length ? `unclosed "${stack[stack.length - 1]}"` : undefined;
}

/** Splits `exten`/`same` values at the first commas (the app's own commas stay in its arguments). */
function splitFields(value: string, count: number): string[] {
  const parts: string[] = [];
  let rest = value;
  while (parts.length < count - 1) {
    const comma = rest.indexOf(',');
    if (comma < 0) break;
    parts.push(rest.slice(0, comma).trim());
    rest = rest.slice(comma + 1);
  }
  parts.push(rest.trim());
  return parts;
}

/** Checks an `exten => ext,prio,App(args)` or `same => prio,App(args)` value; returns a problem or undefined. */
export function dialplanLineProblem(key: 'exten' | 'same', value: string): string | undefined {
  const fields = splitFields(value, key === 'exten' ? 3 : 2);
  const [ext, prio, app] = key === 'exten' ? fields : [undefined, ...fields];
  if (key === 'exten' && !/^[^\s,]+$/.test(ext ?? '')) return 'exten needs an extension before the first comma';
  if (app === undefined || prio === undefined) return `${key} needs ${key === 'exten' ? 'extension,priority,Application' : 'priority,Application'}`;
  if (!PRIORITY.test(prio)) return `"${prio}" is not a priority (1, 2, n, n(label), hint)`;
  if (prio === 'hint') return app ? undefined : 'a hint needs a device, e.g. PJSIP/2001';
  const brackets = bracketProblem(app);
  if (brackets) return `unbalanced brackets in "${app}": ${brackets}`;
  const m = APP.exec(app);
  if (!m) return `"${app}" is not Application(arguments)`;
  return undefined;
}

/** Parses .conf text; throws ConfSyntaxError with the line number of the first problem. */
export function parseAsteriskConf(text: string, file = '<conf>'): AsteriskConf {
  const conf: AsteriskConf = { file, sections: [], directives: [] };
  const lines = text.split(/\r?\n/);
  let current: ConfSection | undefined;
  let lastExten: number | undefined;
  let blockCommentFrom: number | undefined;

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let raw = lines[i] as string;
    // ;-- block comments --; may span lines (Asterisk's multi-line comment).
    if (blockCommentFrom !== undefined) {
      const end = raw.indexOf('--;');
      if (end < 0) continue;
      raw = raw.slice(end + 3);
      blockCommentFrom = undefined;
    }
    let at = commentStart(raw);
    while (at >= 0 && opensBlock(raw, at)) {
      const close = raw.indexOf('--;', at + 3);
      if (close < 0) {
        blockCommentFrom = lineNo;
        raw = raw.slice(0, at);
      } else {
        raw = raw.slice(0, at) + raw.slice(close + 3);
      }
      at = commentStart(raw);
    }
    const line = (at >= 0 ? raw.slice(0, at) : raw).trim();
    if (!line) continue;

    const directive = DIRECTIVE.exec(line);
    if (directive) {
      conf.directives.push({ name: directive[1] as string, argument: (directive[2] as string).trim(), line: lineNo });
      continue;
    }
    if (line.startsWith('[')) {
      const m = SECTION.exec(line);
      if (!m) throw new ConfSyntaxError(file, lineNo, `malformed section header "${line}" (expected [name] or [name](template))`);
      const options = m[2] === undefined ? [] : m[2].split(',').map((s) => s.trim());
      if (options.some((o) => !o)) throw new ConfSyntaxError(file, lineNo, `empty template name in "${line}"`);
      current = { name: (m[1] as string).trim(), options, line: lineNo, settings: [] };
      conf.sections.push(current);
      lastExten = undefined;
      continue;
    }
    const m = SETTING.exec(line);
    if (!m) throw new ConfSyntaxError(file, lineNo, `expected [section], key = value or key => value, got "${line}"`);
    if (!current) throw new ConfSyntaxError(file, lineNo, `"${m[1]}" is outside any [section]`);
    const setting: ConfSetting = { key: m[1] as string, op: m[2] as '=' | '=>', value: (m[3] as string).trim(), line: lineNo };
    if (setting.key === 'exten' || setting.key === 'same') {
      if (setting.key === 'same' && lastExten === undefined) throw new ConfSyntaxError(file, lineNo, '"same =>" with no "exten =>" before it in this context');
      const problem = dialplanLineProblem(setting.key, setting.value);
      if (problem) throw new ConfSyntaxError(file, lineNo, problem);
      if (setting.key === 'exten') lastExten = lineNo;
    }
    current.settings.push(setting);
  }
  if (blockCommentFrom !== undefined) throw new ConfSyntaxError(file, blockCommentFrom, 'block comment ";--" is never closed with "--;"');
  return conf;
}

/** All sections with this name (pjsip.conf reuses one name for an endpoint, its auth and its aor). */
export function sectionsNamed(conf: AsteriskConf, name: string): ConfSection[] {
  return conf.sections.filter((s) => s.name === name);
}

/** The values of `key` in a section, in order. */
export function values(section: ConfSection, key: string): string[] {
  return section.settings.filter((s) => s.key === key).map((s) => s.value);
}

/** The last value of `key` in a section (later lines win in Asterisk), or undefined. */
export function value(section: ConfSection, key: string): string | undefined {
  return values(section, key).at(-1);
}

/** Whether a section is a template (`(!)`), which Asterisk never loads as an object itself. */
export function isTemplate(section: ConfSection): boolean {
  return section.options.includes('!');
}

/**
 * A section with its templates' settings in front of its own, as Asterisk
 * sees it; throws on a template that is not defined above the section.
 */
export function withTemplates(conf: AsteriskConf, section: ConfSection): ConfSection {
  const inherited: ConfSetting[] = [];
  for (const name of section.options.filter((o) => o !== '!' && o !== '+')) {
    const template = conf.sections.find((s) => s.name === name && s.line < section.line);
    if (!template) throw new ConfSyntaxError(conf.file, section.line, `[${section.name}] uses template "${name}", which is not defined above it`);
    inherited.push(...withTemplates(conf, template).settings);
  }
  return { ...section, settings: [...inherited, ...section.settings] };
}

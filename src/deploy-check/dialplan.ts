/**
 * The dialplan of a parsed extensions.conf as steps (context, extension,
 * priority, application, arguments), so a check can ask "where does 4000
 * go?" without running Asterisk.
 */
import type { AsteriskConf } from './asterisk-conf.js';

/** One dialplan priority. */
export interface DialplanStep {
  context: string;
  exten: string;
  /** As written: 1, n, n(label), hint. */
  priority: string;
  /** The label from n(label) or 2(label), if any. */
  label?: string;
  app: string;
  /** Everything inside the application's parentheses. */
  args: string;
  line: number;
}

/** Sections of extensions.conf that hold settings, not dialplan. */
const NOT_CONTEXTS = new Set(['general', 'globals']);

/** Splits an application's arguments at top-level commas (commas inside ${...} or (...) stay). */
export function splitArgs(args: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < args.length; i++) {
    const c = args[i];
    if (c === '\\') i++;
    else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(args.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(args.slice(start).trim());
  return out;
}

/** Every exten/same line of every context, with `same` resolved to its extension. */
export function dialplanSteps(conf: AsteriskConf): DialplanStep[] {
  const steps: DialplanStep[] = [];
  for (const section of conf.sections) {
    if (NOT_CONTEXTS.has(section.name)) continue;
    let exten: string | undefined;
    for (const s of section.settings) {
      if (s.key !== 'exten' && s.key !== 'same') continue;
      const fields = s.value.split(',');
      if (s.key === 'exten') exten = (fields.shift() as string).trim();
      const priority = (fields.shift() as string).trim();
      const call = fields.join(',').trim();
      const open = call.indexOf('(');
      const app = open < 0 ? call : call.slice(0, open);
      const args = open < 0 ? '' : call.slice(open + 1, call.lastIndexOf(')'));
      const label = /\(([\w-]+)\)$/.exec(priority)?.[1];
      steps.push({ context: section.name, exten: exten as string, priority, app, args, line: s.line, ...(label ? { label } : {}) });
    }
  }
  return steps;
}

/** The steps of one extension in one context, in order. */
export function extensionSteps(steps: readonly DialplanStep[], context: string, exten: string): DialplanStep[] {
  return steps.filter((s) => s.context === context && s.exten === exten);
}

/** `include => other` lines of a context. */
export function includes(conf: AsteriskConf, context: string): string[] {
  return conf.sections.filter((s) => s.name === context).flatMap((s) => s.settings.filter((x) => x.key === 'include').map((x) => x.value));
}

/**
 * Turns flow config text into data while keeping the YAML document (and a
 * line counter) so later checks can point at lines. YAML problems (syntax,
 * tabs, duplicate keys, a `#` menu key that YAML read as a comment) become
 * findings here; nothing in this file throws on bad input.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node, type YAMLError } from 'yaml';
import { FindingCollector } from './collector.js';
import type { DocPath } from './finding.js';
import { keyString, Locator } from './locate.js';

/** A parsed flow config file: the document with positions, its data and the findings so far. */
export interface LoadedYaml {
  doc: Document;
  locator: Locator;
  /** The plain data (what the schema validates); undefined when it could not be built. */
  data: unknown;
  /** False when the YAML is broken: schema findings would then be noise, so the check stops. */
  wellFormed: boolean;
  /** Findings so far; the later checks add to it. */
  collector: FindingCollector;
}

// What to do about the parser's complaints, in words an ops person can act on.
const YAML_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'indent with spaces, never tabs',
  BAD_INDENT: 'consistent indentation, and brackets/braces closed on the line they belong to',
  MISSING_CHAR: 'every opening quote, bracket or brace closed',
  MULTIPLE_DOCS: 'one YAML document per file (no second ---)',
  BLOCK_AS_IMPLICIT_KEY: 'one "key: value" per line, nested keys indented under their parent',
  MULTILINE_IMPLICIT_KEY: 'one "key: value" per line, nested keys indented under their parent',
  UNEXPECTED_TOKEN: 'valid YAML; menu keys * and # must be quoted ("*": ..., "#": ...)',
  BAD_ALIAS: 'menu keys * and # must be quoted ("*": ..., "#": ...)',
  TAG_RESOLVE_FAILED: 'plain values without !! tags',
};
const DEFAULT_HINT = 'valid YAML (check quotes, brackets, colons and indentation here)';
const MAX_SYNTAX_ERRORS = 3;

/** The parser's message without its trailing "at line X, column Y:" and source excerpt (we print our own). */
function cleanMessage(err: YAMLError): string {
  const first = err.message.split('\n')[0] ?? err.message;
  return first.replace(/ at line \d+, column \d+:?\s*$/, '');
}

/** Parses YAML text, reporting syntax problems and duplicate keys as findings. */
export function loadYaml(text: string, file: string): LoadedYaml {
  const lines = new LineCounter();
  // uniqueKeys off: we report duplicates ourselves, including `1:` vs `"1":`,
  // which the parser sees as different keys but become the same key once loaded.
  // logLevel 'error': the parser's own warnings would go to stderr; we report them as findings.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
  const locator = new Locator(doc, lines);
  const out = new FindingCollector(file, locator);

  // One broken line often makes the parser complain about every line after
  // it; the first few errors say where to look, the rest are echoes.
  for (const err of doc.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    out.error('yaml-syntax', [], `YAML: ${cleanMessage(err)}`, {
      at: locator.positionAt(err.pos[0]),
      allowed: YAML_HINTS[err.code] ?? DEFAULT_HINT,
    });
  }
  const more = doc.errors.length - MAX_SYNTAX_ERRORS;
  if (more > 0) {
    const next = doc.errors[MAX_SYNTAX_ERRORS];
    out.error('yaml-syntax', [], `YAML: ${more} more syntax error${more === 1 ? '' : 's'} from here on, most likely caused by the ones above`, {
      at: next ? locator.positionAt(next.pos[0]) : 'none',
      allowed: 'fix the first error, then check again',
    });
  }
  for (const warn of doc.warnings) {
    out.warning('yaml-warning', [], `YAML: ${cleanMessage(warn)}`, {
      at: locator.positionAt(warn.pos[0]),
      allowed: YAML_HINTS[warn.code] ?? DEFAULT_HINT,
    });
  }
  findHashKeyComments(text, out);
  let wellFormed = doc.errors.length === 0;
  if (wellFormed) {
    findDuplicateKeys(doc.contents, [], out, locator);
    wellFormed = !findUnresolvedAliases(doc, out, locator);
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    // toJS throws on unresolved aliases and alias bombs; the parser errors above already say why.
    if (wellFormed) out.error('yaml-syntax', [], `YAML: ${(err as Error).message}`, { at: { line: 1, col: 1 }, allowed: DEFAULT_HINT });
    data = undefined;
  }
  return { doc, locator, data, wellFormed: wellFormed && data !== undefined, collector: out };
}

/** Reports every key bound twice in one mapping (pointing at the second binding) and keys that are collections. */
function findDuplicateKeys(node: unknown, path: DocPath, out: FindingCollector, locator: Locator): void {
  if (isMap(node)) {
    const seen = new Map<string, Node | null>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      if (isMap(pair.key) || isSeq(pair.key)) {
        out.error('complex-key', path, 'a key is a list or mapping', { at: locator.positionOf(pair.key) ?? 'value', allowed: 'plain keys: names, or quoted menu keys like "1"' });
        continue;
      }
      const name = keyString(pair.key);
      const first = seen.get(name);
      if (first !== undefined) {
        const firstPos = locator.positionOf(first);
        const sameText = isScalar(first) && isScalar(pair.key) && first.source === pair.key.source && typeof first.value === typeof pair.key.value;
        const what = path.length === 2 && path[0] === 'menu' && path[1] === 'keys' ? 'menu key' : 'key';
        const note = sameText ? '' : ` (${showKey(first)} and ${showKey(pair.key)} are the same key once loaded)`;
        out.error('duplicate-key', [...path, name], `${what} "${name}" is bound twice, first at line ${firstPos?.line ?? '?'}${note}`, {
          at: locator.positionOf(pair.key) ?? 'key',
          allowed: 'each key once per mapping',
        });
      } else {
        seen.set(name, (pair.key as Node | null) ?? null);
      }
      findDuplicateKeys(pair.value, [...path, name], out, locator);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => findDuplicateKeys(item, [...path, i], out, locator));
  }
}

/** Reports `*name` aliases with no `&name` anchor before them (the data cannot be built then); true if any. */
function findUnresolvedAliases(doc: Document, out: FindingCollector, locator: Locator): boolean {
  let found = false;
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) === undefined) {
        found = true;
        out.error('yaml-syntax', [], `YAML: *${node.source} refers to no &${node.source} anchor above it`, {
          at: locator.positionOf(node) ?? 'none',
          allowed: 'an alias after its anchor; menu keys * and # must be quoted ("*": ..., "#": ...)',
        });
      }
    },
  });
  return found;
}

function showKey(key: unknown): string {
  if (isScalar(key)) return typeof key.value === 'string' ? JSON.stringify(key.value) : String(key.value);
  return String(key);
}

/**
 * A `#: ...` line is a YAML comment, so a `#` menu key written unquoted
 * silently disappears. Say so rather than lose the key.
 */
function findHashKeyComments(text: string, out: FindingCollector): void {
  text.split(/\r?\n/).forEach((line, i) => {
    const m = /^(\s*)#\s*:/.exec(line);
    if (m) {
      out.warning('hash-key-comment', [], 'this line is a YAML comment, so a "#" menu key written here is ignored', {
        at: { line: i + 1, col: (m[1]?.length ?? 0) + 1 },
        allowed: 'quote the key: "#": { action: ... }',
      });
    }
  });
}

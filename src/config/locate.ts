/**
 * Maps a document path (as zod reports it: ['timings', 'checkInSeconds'])
 * back to a line and column in the YAML source, so every finding can point
 * at the text an ops person has to change.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';
import type { DocPath } from './finding.js';

/** A 1-based line and column. */
export interface Position {
  line: number;
  col: number;
}

/** Where a path points, and whether the whole path exists in the file (false: an ancestor's position). */
export interface Located extends Position {
  exact: boolean;
}

/** The string a map key becomes once loaded: `1:` and `"1":` both become "1". */
export function keyString(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  if (key === null || key === undefined) return '';
  return String(key);
}

interface Step {
  pair?: Pair;
  node: Node | null;
}

/** Finds nodes of a parsed document by path and turns them into positions. */
export class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Position of a source offset. */
  positionAt(offset: number): Position {
    return this.lines.linePos(Math.max(0, offset));
  }

  /** Position of a node's first character, if it has one. */
  positionOf(node: unknown): Position | undefined {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? this.positionAt(range[0]) : undefined;
  }

  /** True when every segment of the path is written in the file (not filled in by a default). */
  has(path: DocPath): boolean {
    return this.walk(path).length === path.length;
  }

  /** The value at path; falls back to the key when the value is empty, then to the nearest ancestor. */
  value(path: DocPath): Located {
    const steps = this.walk(path);
    const exact = steps.length === path.length;
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i];
      const pos = this.positionOf(step?.node) ?? this.positionOf(step?.pair?.key);
      if (pos) return { ...pos, exact: exact && i === steps.length - 1 };
    }
    return { ...(this.positionOf(this.doc.contents) ?? { line: 1, col: 1 }), exact: false };
  }

  /** The key at the end of path (for unknown or duplicate keys); falls back like value(). */
  key(path: DocPath): Located {
    const steps = this.walk(path);
    const last = steps[steps.length - 1];
    if (steps.length === path.length && last?.pair) {
      const pos = this.positionOf(last.pair.key);
      if (pos) return { ...pos, exact: true };
    }
    return this.value(path);
  }

  /**
   * Where a missing key would go: the key of its parent (`prompts:` for a
   * missing `prompts.greeting`), so the line names the mapping to add it to.
   */
  parentKey(path: DocPath): Located {
    const parent = path.slice(0, -1);
    if (parent.length === 0) return { ...(this.positionOf(this.doc.contents) ?? { line: 1, col: 1 }), exact: false };
    const at = this.key(parent);
    return { ...at, exact: false };
  }

  /** The nodes along path, as far as the file has them. */
  private walk(path: DocPath): Step[] {
    const steps: Step[] = [];
    let node: unknown = this.doc.contents;
    for (const seg of path) {
      if (isAlias(node)) node = node.resolve(this.doc) ?? null;
      if (isMap(node)) {
        // Last match wins, as it does when the document is turned into data.
        const pair = [...node.items].reverse().find((p) => isPair(p) && keyString(p.key) === String(seg));
        if (!pair) break;
        steps.push({ pair, node: (pair.value as Node | null) ?? null });
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined) break;
        steps.push({ node: item as Node });
        node = item;
      } else {
        break;
      }
    }
    return steps;
  }
}

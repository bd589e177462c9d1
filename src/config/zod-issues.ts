/**
 * Turns zod's validation issues into findings an ops person can act on:
 * the line, the path, what is wrong in plain words, and what is allowed
 * (read from the schema itself, see schema-info.ts).
 */
import type { z } from 'zod';
import type { FindingCollector } from './collector.js';
import { formatPath, showValue, type DocPath } from './finding.js';
import { describeSchema, objectKeys, schemaAt } from './schema-info.js';
import { HotlineConfigSchema } from './schema.js';

type Issue = z.core.$ZodIssue;

function valueAt(data: unknown, path: DocPath): unknown {
  let d = data;
  for (const seg of path) {
    if (d === null || typeof d !== 'object') return undefined;
    d = (d as Record<string | number, unknown>)[seg];
  }
  return d;
}

/** "a number", "text", "a list"... for the value the file actually has. */
function kindOf(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'true/false';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** Small edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] ?? 0;
      row[j] = Math.min(cur + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] ?? Math.max(a.length, b.length);
}

/** The closest known key, if it is close enough to be a typo. */
export function suggestKey(unknown: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(unknown, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(unknown.length / 4)) ? best : undefined;
}

/** Adds one finding per zod issue (one per key for unknown keys); skips keys already reported as secrets. */
export function reportSchemaIssues(issues: readonly Issue[], data: unknown, out: FindingCollector, secretPaths: ReadonlySet<string>): void {
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) as DocPath;
    const value = valueAt(data, path);
    const schema = schemaAt(HotlineConfigSchema, path, data);
    const allowed = describeSchema(schema, path);
    const missing = value === undefined && !out.has(path);

    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = objectKeys(schemaAt(HotlineConfigSchema, path, data)) ?? [];
        for (const key of issue.keys) {
          const keyPath = [...path, key];
          if (secretPaths.has(formatPath(keyPath))) continue;
          const hint = suggestKey(key, known);
          out.error('unknown-key', keyPath, `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}`, {
            at: 'key',
            allowed: known.length ? `keys of ${formatPath(path) || 'the file'}: ${known.join(', ')}` : 'no keys here',
          });
        }
        break;
      }
      case 'invalid_key': {
        const key = String(path[path.length - 1]);
        const inner = issue.issues[0]?.message;
        out.error('invalid-key', path, `key "${key}" is not allowed here`, { at: 'key', allowed: inner ?? allowed });
        break;
      }
      case 'invalid_union': {
        const disc = 'discriminator' in issue ? (issue as { discriminator?: string }).discriminator : undefined;
        const options = 'options' in issue ? (issue as { options?: unknown[] }).options : undefined;
        if (disc && options) {
          const discPath = path[path.length - 1] === disc ? path : [...path, disc];
          const got = valueAt(data, discPath);
          const what = got === undefined ? `missing "${disc}"` : `unknown ${disc} ${showValue(got)}`;
          out.error('invalid-value', discPath, what, { at: got === undefined ? 'key' : 'value', allowed: `${disc}: ${options.join(', ')}` });
        } else {
          out.error('invalid-value', path, `${showValue(value)} does not fit any allowed form`, { allowed });
        }
        break;
      }
      case 'invalid_type': {
        if (missing) {
          const name = String(path[path.length - 1] ?? 'value');
          out.error('missing-key', path, `missing required key "${name}"`, { at: 'parentKey', allowed: `${name}: ${allowed}` });
        } else if (typeof value === 'number' && !Number.isFinite(value)) {
          out.error('wrong-type', path, `${value} is not a usable number`, { allowed });
        } else if (issue.expected === 'int' && typeof value === 'number') {
          out.error('wrong-type', path, `${value} is not a whole number`, { allowed });
        } else if (value === null) {
          out.error('wrong-type', path, 'has no value', { at: 'key', allowed });
        } else {
          out.error('wrong-type', path, `is ${kindOf(value)} (${showValue(value)}), expected ${issue.expected === 'int' ? 'a whole number' : issue.expected}`, { allowed });
        }
        break;
      }
      case 'too_small':
      case 'too_big': {
        const below = issue.code === 'too_small';
        if (typeof value === 'number') {
          const limit = below ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
          out.error('out-of-range', path, `${value} is ${below ? 'below the minimum' : 'above the maximum'} ${String(limit)}`, { allowed });
        } else if (Array.isArray(value)) {
          // zod's stock wording ("Too small: expected array to have >=1 items") is for developers; say it plainly.
          const limit = String(below ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum);
          const plain = /^Too (small|big)/.test(issue.message) ? `${allowed}, ${below ? 'at least' : 'at most'} ${limit} item${limit === '1' ? '' : 's'}` : issue.message;
          out.error('out-of-range', path, below ? (value.length === 0 ? 'is an empty list' : `has only ${value.length} items`) : `has too many items (${value.length})`, { allowed: plain });
        } else {
          out.error('out-of-range', path, `${showValue(value)} is too ${below ? 'short' : 'long'}`, { allowed: issue.message });
        }
        break;
      }
      case 'invalid_value': {
        if (missing) {
          const name = String(path[path.length - 1] ?? 'value');
          out.error('missing-key', path, `missing required key "${name}"`, { at: 'parentKey', allowed: `${name}: ${allowed}` });
        } else {
          out.error('invalid-value', path, `${showValue(value)} is not allowed`, { allowed: `${issue.values.map((v) => String(v)).join(', ')}` });
        }
        break;
      }
      case 'invalid_format':
        out.error('invalid-format', path, `${showValue(value)} is not in the right form`, { allowed: issue.message });
        break;
      default:
        out.error('invalid', path, issue.message, { allowed });
    }
  }
}

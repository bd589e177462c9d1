/**
 * So one check reports as much as it can: when the schema fails only on
 * keys that can simply be left out (unknown keys, or values that have a
 * default), drop those from a copy of the data and validate again. If that
 * copy passes, the later checks (references, hours, menu graph, standards,
 * prompts) run on it too. The file is still rejected: the schema errors
 * stand. A required value that is wrong stops here, because guessing a
 * replacement would produce misleading follow-up findings.
 */
import { z } from 'zod';
import type { DocPath } from './finding.js';
import { schemaAt } from './schema-info.js';

type Issue = z.core.$ZodIssue;

function container(data: unknown, path: DocPath): Record<string, unknown> | undefined {
  let d = data;
  for (const seg of path) {
    if (d === null || typeof d !== 'object') return undefined;
    d = (d as Record<string | number, unknown>)[seg];
  }
  return d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : undefined;
}

/** True when the key at path is an object field the schema fills in (default) or allows to be absent. */
function omittable(root: z.ZodType, path: DocPath, data: unknown): boolean {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return false;
  const parent = schemaAt(root, path.slice(0, -1), data);
  if (!(parent instanceof z.ZodObject)) return false;
  const field = (parent.shape as Record<string, z.ZodType>)[key];
  return field instanceof z.ZodDefault || field instanceof z.ZodOptional;
}

/** A copy of data without the keys the issues complain about, or undefined if some issue is not that simple. */
export function withoutOmittableProblems(root: z.ZodType, data: unknown, issues: readonly Issue[]): unknown {
  const copy: unknown = structuredClone(data);
  const removals: { path: DocPath; key: string }[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) removals.push({ path, key });
    } else if (omittable(root, path, data)) {
      removals.push({ path: path.slice(0, -1), key: String(path[path.length - 1]) });
    } else {
      return undefined;
    }
  }
  for (const { path, key } of removals) {
    const obj = container(copy, path);
    if (obj) delete obj[key];
  }
  return copy;
}

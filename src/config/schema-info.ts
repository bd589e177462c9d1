/**
 * Reads the zod schema itself so messages can say what *is* allowed at a
 * path (the keys of a mapping, a number's range, an enum's options) without
 * repeating the schema's rules by hand in a second place.
 */
import { z } from 'zod';
import type { DocPath } from './finding.js';
import { DayHours, DialString, MenuAction, PromptId, PromptList } from './schema.js';

type AnySchema = z.ZodType;

/** Strips .default() and .optional() wrappers. */
function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as AnySchema;
    else return s;
  }
}

function child(data: unknown, seg: string | number): unknown {
  if (data !== null && typeof data === 'object') return (data as Record<string | number, unknown>)[seg];
  return undefined;
}

/** The (unwrapped) schema that validates the value at path, or undefined if the path leaves the schema. */
export function schemaAt(root: AnySchema, path: DocPath, data: unknown): AnySchema | undefined {
  let s: AnySchema | undefined = unwrap(root);
  let d = data;
  for (const seg of path) {
    if (!s) return undefined;
    if (s instanceof z.ZodDiscriminatedUnion) s = pickOption(s, d);
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, AnySchema>)[String(seg)];
    else if (s instanceof z.ZodRecord) s = s.valueType as AnySchema;
    else if (s instanceof z.ZodArray) s = s.element as AnySchema;
    else return undefined;
    s = s ? unwrap(s) : undefined;
    d = child(d, seg);
  }
  if (s instanceof z.ZodDiscriminatedUnion) return pickOption(s, d) ?? s;
  return s;
}

/** The union member chosen by the data's discriminator, if the data names one. */
function pickOption(union: z.ZodDiscriminatedUnion, data: unknown): AnySchema | undefined {
  const key = union.def.discriminator;
  const value = child(data, key);
  return (union.options as AnySchema[]).find((o) => o instanceof z.ZodObject && literalValues(o.shape[key] as AnySchema).includes(value));
}

function literalValues(s: AnySchema | undefined): unknown[] {
  const u = s ? unwrap(s) : undefined;
  return u instanceof z.ZodLiteral ? [...u.values] : [];
}

/** The values a discriminated union's discriminator may take (e.g. the menu actions). */
export function discriminatorOptions(union: z.ZodDiscriminatedUnion): unknown[] {
  const key = union.def.discriminator;
  return (union.options as AnySchema[]).flatMap((o) => (o instanceof z.ZodObject ? literalValues(o.shape[key] as AnySchema) : []));
}

/** The keys an object schema accepts, or undefined if it is not an object. */
export function objectKeys(schema: AnySchema | undefined): string[] | undefined {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : undefined;
}

function unit(path: DocPath): string {
  const last = path[path.length - 1];
  return typeof last === 'string' && /Seconds$/.test(last) ? ' s' : '';
}

/** What a value at path may be, in words: "a number from 1 to 30 s", "one of zh-CN, en-US". */
export function describeSchema(schema: AnySchema | undefined, path: DocPath = []): string {
  const s = schema ? unwrap(schema) : undefined;
  if (!s) return 'nothing here (remove it)';
  const last = path[path.length - 1];
  if (last === 'agentTarget' || last === 'target') return 'the name of a target defined under targets';
  if (s === PromptList) return 'a list of prompt ids, e.g. [offer-help]';
  if (s === PromptId) return 'a prompt id: lower-case letters, digits and dashes';
  if (s === DialString) return 'a dial string TECH/resource, TECH one of PJSIP, SIP, IAX2, DAHDI, Local (e.g. PJSIP/2001)';
  if (s === DayHours) return 'a list of time ranges, e.g. ["09:00-12:00", "13:00-18:00"]';
  if (s === MenuAction) return `a mapping with action: ${discriminatorOptions(MenuAction).join(' | ')}`;
  if (s instanceof z.ZodNumber) {
    const kind = s.format === 'safeint' || s.isInt ? 'a whole number' : 'a number';
    const min = s.minValue ?? undefined;
    const max = s.maxValue ?? undefined;
    const range = min !== undefined && max !== undefined && Number.isFinite(min) && Number.isFinite(max) ? ` from ${min} to ${max}` : '';
    return `${kind}${range}${unit(path)}`;
  }
  if (s instanceof z.ZodEnum) return `one of ${(s.options as unknown[]).map(String).join(', ')}`;
  if (s instanceof z.ZodLiteral) return [...s.values].map((v) => JSON.stringify(v)).join(' or ');
  if (s instanceof z.ZodString) return 'text';
  if (s instanceof z.ZodBoolean) return 'true or false';
  if (s instanceof z.ZodArray) return `a list, each ${describeSchema(s.element as AnySchema, path)}`;
  if (s instanceof z.ZodObject) return `a mapping with keys ${Object.keys(s.shape).join(', ')}`;
  if (s instanceof z.ZodRecord) return 'a mapping of names to settings';
  if (s instanceof z.ZodDiscriminatedUnion) return `a mapping with ${s.def.discriminator}: ${discriminatorOptions(s).join(' | ')}`;
  return 'see src/config/schema.ts';
}

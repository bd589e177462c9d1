/**
 * An ARI request as handlers see it: path parameters plus request
 * parameters, which Asterisk reads from the query string, a form body or a
 * JSON body (JSON fields override query values, as the generated
 * *_parse_body functions do).
 */
import { AriError } from '../core/ari-error.js';

/** What a handler answers. */
export interface AriResponse {
  status: number;
  body?: unknown;
  /** A body that is not JSON (a stored recording's file): sent as is with its content type. */
  raw?: { contentType: string; data: Buffer };
  headers?: Record<string, string>;
  /** Runs right after the response is written (events that follow the reply). */
  after?: () => void;
}

/** A parsed request. */
export class AriRequest {
  constructor(
    readonly method: string,
    /** Path below /ari, e.g. "/channels/abc/play". */
    readonly path: string,
    readonly pathParams: Record<string, string>,
    private readonly query: Map<string, string[]>,
    /** The JSON body, if any. */
    readonly body: Record<string, unknown> | undefined,
  ) {}

  /** A path parameter (always present for a matched route). */
  pathParam(name: string): string {
    return this.pathParams[name] ?? '';
  }

  /** A string parameter from the JSON body or the query. */
  str(name: string): string | undefined {
    const fromBody = this.body?.[name];
    if (typeof fromBody === 'string') return fromBody;
    if (typeof fromBody === 'number' || typeof fromBody === 'boolean') return String(fromBody);
    return this.query.get(name)?.[0];
  }

  /** A list parameter: comma separated, repeated, or a JSON array. */
  list(name: string): string[] {
    const fromBody = this.body?.[name];
    if (Array.isArray(fromBody)) return fromBody.map(String);
    if (typeof fromBody === 'string') return splitList(fromBody);
    return (this.query.get(name) ?? []).flatMap(splitList);
  }

  /** An integer parameter as Asterisk's atoi reads it (garbage reads as 0). */
  int(name: string, fallback: number): number {
    const raw = this.str(name);
    if (raw === undefined || raw === '') return fallback;
    const n = Number.parseInt(raw, 10);
    return Number.isNaN(n) ? 0 : n;
  }

  /** A boolean parameter as ast_true reads it. */
  bool(name: string, fallback: boolean): boolean {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    return ['yes', 'true', 'y', 't', '1', 'on'].includes(raw.toLowerCase());
  }

  /** An object parameter from the JSON body (e.g. originate `variables`). */
  object(name: string): Record<string, unknown> | undefined {
    const v = this.body?.[name];
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  }
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Parses a request body by content type; 400 "Error parsing request body" on bad JSON. */
export function parseBody(contentType: string | undefined, raw: string): { json?: Record<string, unknown>; form?: URLSearchParams } {
  if (raw.trim().length === 0) return {};
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) return { form: new URLSearchParams(raw) };
  if (type.includes('application/json') || type === '') {
    try {
      const value: unknown = JSON.parse(raw);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
      return { json: value as Record<string, unknown> };
    } catch {
      throw new AriError(400, 'Error parsing request body');
    }
  }
  return {};
}

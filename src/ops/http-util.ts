/**
 * Small response helpers for the ops server: JSON with the same safety
 * headers everywhere (no caching of callers' data, no MIME sniffing).
 */
import type { ServerResponse } from 'node:http';

/** Headers every ops response carries. */
export const BASE_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Sends a body with a status and content type. */
export function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...BASE_HEADERS, 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...extra });
  res.end(body);
}

/** Sends JSON. */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** Sends {error} with a status. */
export function sendError(res: ServerResponse, status: number, error: string): void {
  sendJson(res, status, { error });
}

/** An ISO time or epoch-ms query value as epoch ms; undefined when absent, NaN when unreadable. */
export function parseSince(v: string | null): number | undefined {
  if (v === null || v === '') return undefined;
  return /^\d+$/.test(v) ? Number(v) : Date.parse(v);
}

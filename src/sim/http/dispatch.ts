/**
 * One ARI request routed through the route table, whatever carried it: the
 * HTTP server and RESTRequest frames on the event WebSocket both come here,
 * so a request answers the same status and body over either transport.
 */
import { AriError } from '../core/ari-error.js';
import { AriRequest, type AriResponse } from './request.js';
import type { Router } from './router.js';

/** A request as both transports hand it over, below /ari. */
export interface RoutedRequest {
  method: string;
  /** Path below /ari with its leading slash, e.g. "/channels/abc/answer" (still URL-encoded). */
  path: string;
  /** Request parameters from the query string and a form body. */
  query: Map<string, string[]>;
  /** The JSON body, if any. */
  json: Record<string, unknown> | undefined;
}

/** Routes the request; Asterisk's error replies for unknown paths, wrong methods and failed handlers. */
export function dispatch(router: Router, r: RoutedRequest): AriResponse {
  const sub = r.path;
  if (sub.length > 1 && sub.endsWith('/')) {
    const slashless = sub.replace(/\/+$/, '').replace(/^\//, '');
    return { status: 404, body: { message: `ARI URLs do not end with a slash. Try /ari/${slashless}` } };
  }
  const segments = sub.split('/').filter((s) => s.length > 0).map(safeDecode);
  const match = router.match(r.method, segments);
  if (match.kind === 'not-found') return { status: 404, body: { message: 'Resource not found' } };
  if (match.kind === 'method-not-allowed') {
    return { status: 405, body: { message: 'Invalid method' }, headers: { Allow: match.allow.join(',') } };
  }
  try {
    return match.handler(new AriRequest(r.method, sub, match.params, r.query, r.json));
  } catch (err) {
    return errorResponse(err);
  }
}

/** The reply for an AriError; anything else is a simulator bug and is rethrown. */
export function errorResponse(err: unknown): AriResponse {
  if (err instanceof AriError) return { status: err.status, body: err.body() };
  throw err;
}

/** Adds URL parameters to a request's parameter map (repeated names keep every value). */
export function addParams(query: Map<string, string[]>, params: Iterable<[string, string]>): void {
  for (const [k, v] of params) query.set(k, [...(query.get(k) ?? []), v]);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

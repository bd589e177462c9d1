/** Matches ARI paths (segments, with `:name` placeholders) to handlers. */
import type { AriRequest, AriResponse } from './request.js';

/** A route handler. */
export type Handler = (req: AriRequest) => AriResponse;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

/** Result of matching a path. */
export type RouteMatch =
  | { kind: 'found'; handler: Handler; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

/** A route as listed for the API descriptions. */
export interface RouteInfo {
  method: string;
  segments: string[];
}

/** The route table. */
export class Router {
  private readonly routes: Route[] = [];

  /** Adds a route; path like "/channels/:channelId/play". */
  add(method: string, path: string, handler: Handler): void {
    this.routes.push({ method, segments: path.split('/').filter((s) => s.length > 0), handler });
  }

  /** Every route, in the order added. */
  list(): RouteInfo[] {
    return this.routes.map((r) => ({ method: r.method, segments: r.segments }));
  }

  /** Finds the handler for a method and decoded path segments. */
  match(method: string, segments: string[]): RouteMatch {
    const allow: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method) return { kind: 'found', handler: route.handler, params };
      allow.push(route.method);
    }
    return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const a = actual[i] as string;
    if (p.startsWith(':')) params[p.slice(1)] = a;
    else if (p !== a) return undefined;
  }
  return params;
}

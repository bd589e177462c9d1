/** GET /calls (live and recent, filtered) and GET /calls/{id} (the whole timeline). */
import { OUTCOMES, type Outcome } from './call-facts.js';
import type { CallBook } from './call-book.js';
import { parseSince, sendError, sendJson } from './http-util.js';
import type { Route } from './route.js';
import { callDetail, callListItem } from './views.js';

const MAX_LIMIT = 500;

/** The call routes over a call book. */
export function callsRoutes(book: CallBook): Route {
  return ({ req, res, url, parts }) => {
    if (parts[0] !== 'calls' || req.method !== 'GET') return false;
    if (parts.length === 1) {
      const since = parseSince(url.searchParams.get('since'));
      if (since !== undefined && Number.isNaN(since)) return (sendError(res, 400, 'since must be an ISO time or epoch milliseconds'), true);
      const outcome = url.searchParams.get('outcome') ?? undefined;
      if (outcome !== undefined && outcome !== 'live' && !(OUTCOMES as readonly string[]).includes(outcome)) {
        return (sendError(res, 400, `outcome must be live or one of ${OUTCOMES.join(', ')}`), true);
      }
      const limit = Math.min(MAX_LIMIT, Number(url.searchParams.get('limit') ?? MAX_LIMIT) || MAX_LIMIT);
      const calls = book.list({ ...(since !== undefined ? { since } : {}), ...(outcome ? { outcome: outcome as Outcome | 'live' } : {}), limit });
      sendJson(res, 200, { calls: calls.map(callListItem) });
      return true;
    }
    if (parts.length === 2) {
      const call = book.get(parts[1] as string);
      if (!call) return (sendError(res, 404, 'no such call (only the most recent calls are kept)'), true);
      sendJson(res, 200, callDetail(call, url.searchParams.get('mask') === '1'));
      return true;
    }
    return false;
  };
}

/**
 * GET /calls (live and recent, filtered) and GET /calls/{id} (the whole
 * timeline). With a call archive, calls no longer in memory (after a
 * restart, or past the in-memory bound) are read from the record store.
 */
import { OUTCOMES, type Outcome } from './call-facts.js';
import type { CallBook, CallFilter } from './call-book.js';
import type { CallArchive } from './call-archive.js';
import { parseSince, sendError, sendJson } from './http-util.js';
import type { Route } from './route.js';
import { callDetail, callListItem } from './views.js';

const MAX_LIMIT = 500;

/** The call routes over a call book (and its archive, if any). */
export function callsRoutes(book: CallBook, archive: CallArchive | undefined, now: () => number): Route {
  return async ({ req, res, url, parts }) => {
    if (parts[0] !== 'calls' || req.method !== 'GET') return false;
    if (parts.length === 1) {
      const since = parseSince(url.searchParams.get('since'));
      if (since !== undefined && Number.isNaN(since)) return (sendError(res, 400, 'since must be an ISO time or epoch milliseconds'), true);
      const outcome = url.searchParams.get('outcome') ?? undefined;
      if (outcome !== undefined && outcome !== 'live' && !(OUTCOMES as readonly string[]).includes(outcome)) {
        return (sendError(res, 400, `outcome must be live or one of ${OUTCOMES.join(', ')}`), true);
      }
      const limit = Math.min(MAX_LIMIT, Number(url.searchParams.get('limit') ?? MAX_LIMIT) || MAX_LIMIT);
      const filter: CallFilter = { ...(since !== undefined ? { since } : {}), ...(outcome ? { outcome: outcome as Outcome | 'live' } : {}), limit };
      const calls = archive ? await archive.list(filter) : book.list(filter);
      // `now` is the service's clock: on the simulator it pretends another time than the terminal's.
      sendJson(res, 200, { now: now(), calls: calls.map(callListItem) });
      return true;
    }
    if (parts.length === 2) {
      const id = parts[1] as string;
      const call = archive ? await archive.get(id) : book.get(id);
      if (!call) return (sendError(res, 404, archive ? 'no such call (not in memory nor in the call records)' : 'no such call (only the most recent calls are kept)'), true);
      sendJson(res, 200, callDetail(call, url.searchParams.get('mask') === '1'));
      return true;
    }
    return false;
  };
}

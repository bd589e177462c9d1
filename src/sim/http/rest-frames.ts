/**
 * REST over the event WebSocket, as Asterisk 20.14+/22.4+ does it: a
 * RESTRequest text frame is routed through the same dispatch as an HTTP
 * request and answered with one RESTResponse frame. Shapes, reason phrases
 * and quirks follow the rest-over-websocket trace (a real 22.10.1): the uri
 * is relative (a leading '/' answers 405 "Invalid method"), the query may sit
 * in the uri or in query_strings, bodies come as content_type + a
 * message_body string, and the socket stays usable after every error.
 * Events a handler publishes while it runs (ChannelVarset of a plain
 * variable) go out before the RESTResponse, follow-up events (`after`)
 * after it, which is the order the trace shows.
 */
import { STATUS_CODES } from 'node:http';
import type { WebSocket } from 'ws';
import { ASTERISK_ID } from '../core/event-hub.js';
import type { SimContext } from '../core/sim-context.js';
import { asteriskTimestamp } from '../core/time-format.js';
import { addParams, dispatch, errorResponse } from './dispatch.js';
import { parseBody, type AriResponse } from './request.js';
import type { Router } from './router.js';
import { withRequestFaults } from '../faults/request-faults.js';

/** Methods Asterisk's HTTP method parser knows; anything else is a 400. */
const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS']);

/** What a RESTResponse says, before the envelope fields are added. */
interface Outcome {
  transactionId: string;
  requestId: string;
  status: number;
  /** Overrides the standard phrase (Asterisk's own request checks say "Bad request"). */
  reason?: string;
  uri: string;
  body?: unknown;
}

/** Answers RESTRequest frames on app sockets. */
export class RestFrames {
  constructor(
    private readonly ctx: SimContext,
    private readonly router: Router,
  ) {}

  /** Handles one text frame from the socket of `app`. */
  handle(socket: WebSocket, app: string, text: string): void {
    this.ctx.clock.touch();
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      frame = undefined;
    }
    // Jansson (Asterisk's JSON parser) only takes an object or an array at the top.
    if (frame === null || typeof frame !== 'object') {
      // The one reply without content_type or message_body, ids empty (nothing could be read).
      this.send(socket, app, { transactionId: '', requestId: '', status: 400, reason: 'Failed to parse request message JSON', uri: '' });
      return;
    }
    const f = frame as Record<string, unknown>;
    const ids = { transactionId: asString(f['transaction_id']), requestId: asString(f['request_id']) };
    if (f['type'] !== 'RESTRequest') {
      this.send(socket, app, { ...ids, status: 400, reason: 'Bad request', uri: '', body: { message: 'Unknown request type.' } });
      return;
    }
    const rawUri = asString(f['uri']);
    const q = rawUri.indexOf('?');
    const uri = q >= 0 ? rawUri.slice(0, q) : rawUri;
    const method = asString(f['method']);
    if (!METHODS.has(method)) {
      this.send(socket, app, { ...ids, status: 400, reason: 'Bad request', uri, body: { message: "Unknown or missing 'method' property." } });
      return;
    }
    if (uri.startsWith('/')) {
      this.send(socket, app, { ...ids, status: 405, uri, body: { message: 'Invalid method' } });
      return;
    }
    withRequestFaults(
      this.ctx,
      { method, path: `/${uri}`, transport: 'websocket' },
      () => {
        const response = this.route(method, uri, q >= 0 ? rawUri.slice(q + 1) : '', f);
        this.send(socket, app, { ...ids, status: response.status, uri, body: response.status === 204 ? undefined : response.body });
        response.after?.();
      },
      (response) => this.send(socket, app, { ...ids, status: response.status, uri, body: response.body }),
    );
  }

  private route(method: string, uri: string, queryText: string, f: Record<string, unknown>): AriResponse {
    let parsed: ReturnType<typeof parseBody>;
    try {
      const body = f['message_body'];
      parsed = typeof body === 'string' ? parseBody(typeof f['content_type'] === 'string' ? f['content_type'] : undefined, body) : {};
    } catch (err) {
      return errorResponse(err);
    }
    const query = new Map<string, string[]>();
    if (parsed.form) addParams(query, parsed.form);
    addParams(query, new URLSearchParams(queryText));
    const list = Array.isArray(f['query_strings']) ? (f['query_strings'] as unknown[]) : [];
    addParams(
      query,
      list.flatMap((p): [string, string][] => {
        const item = p as { name?: unknown; value?: unknown } | null;
        return item && typeof item.name === 'string' ? [[item.name, asString(item.value)]] : [];
      }),
    );
    return dispatch(this.router, { method, path: `/${uri}`, query, json: parsed.json });
  }

  private send(socket: WebSocket, app: string, o: Outcome): void {
    const frame: Record<string, unknown> = {
      type: 'RESTResponse',
      transaction_id: o.transactionId,
      request_id: o.requestId,
      status_code: o.status,
      reason_phrase: o.reason ?? STATUS_CODES[o.status] ?? '',
      uri: o.uri,
    };
    if (o.body !== undefined) {
      frame['content_type'] = 'application/json';
      frame['message_body'] = JSON.stringify(o.body);
    }
    // The envelope of an ARI event, in the order RESTResponse frames carry it.
    frame['application'] = app;
    frame['timestamp'] = asteriskTimestamp(this.ctx.clock.now());
    frame['asterisk_id'] = ASTERISK_ID;
    this.ctx.hub.sendTo(socket, frame);
    this.ctx.logger.debug('sim: ARI request over the WebSocket', { status: o.status, uri: o.uri });
  }
}

/** A string field, or "" when missing (Asterisk echoes a missing request_id as ""). */
function asString(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

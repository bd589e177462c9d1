/**
 * REST over the event WebSocket (Asterisk 20.14+/22.4+): each call is one
 * RESTRequest frame, answered by one RESTResponse frame with the same
 * request_id. Status codes, error bodies, error classes and the timeout are
 * those of the HTTP transport. One clock timer per request, cleared on its
 * answer. When the socket closes, every request still waiting fails with
 * AriTransportError, as an HTTP request whose connection breaks does: it
 * was sent and may have taken effect, so it is not retried blindly.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../clock/clock.js';
import { AriDisconnectedError, AriLinkLostError, AriTransportError, errorFromResponse } from './errors.js';
import { parseBodyText, queryPairs, type RestCall, type RestTransport } from './transport.js';

/** The reason requests fail with when the socket they were sent on closes. */
export const SOCKET_CLOSED = 'event socket closed before the answer';

/** Settings of the WebSocket transport. */
export interface WsTransportOptions {
  clock: Clock;
  /** Per-request timeout in ms (the HTTP one). */
  timeoutMs: number;
  /** Sends a text frame on the event socket; false when the socket is not open. */
  sendFrame: (text: string) => boolean;
}

interface Waiting {
  call: RestCall;
  timer: TimerHandle;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** RESTRequest/RESTResponse over the event socket. */
export class WsTransport implements RestTransport {
  readonly kind = 'websocket';
  private readonly waiting = new Map<string, Waiting>();
  /** Unique per client, so a response meant for another client on a shared log is never taken for ours. */
  private readonly prefix = randomUUID().slice(0, 8);
  private seq = 0;

  constructor(private readonly opts: WsTransportOptions) {}

  /** Requests sent and not yet answered. */
  pending(): number {
    return this.waiting.size;
  }

  send<T>(call: RestCall, timeoutMs = this.opts.timeoutMs): Promise<T> {
    const requestId = `${this.prefix}-${++this.seq}`;
    const frame: Record<string, unknown> = {
      type: 'RESTRequest',
      request_id: requestId,
      method: call.method,
      // Relative: Asterisk answers 405 "Invalid method" to a uri with a leading slash.
      uri: call.path.replace(/^\/+/, ''),
    };
    const pairs = queryPairs(call.query);
    if (pairs.length > 0) frame['query_strings'] = pairs.map(([name, value]) => ({ name, value }));
    if (call.body !== undefined) {
      frame['content_type'] = 'application/json';
      frame['message_body'] = JSON.stringify(call.body);
    }
    const { clock } = this.opts;
    return new Promise<T>((resolve, reject) => {
      const timer = clock.setTimeout(() => {
        this.waiting.delete(requestId);
        reject(new AriTransportError(call.method, call.path, `no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(requestId, { call, timer, resolve: resolve as (v: unknown) => void, reject });
      if (!this.opts.sendFrame(JSON.stringify(frame))) {
        // Not sent at all: the same fail-fast error as an HTTP request made while offline.
        this.waiting.delete(requestId);
        clock.clearTimeout(timer);
        reject(new AriDisconnectedError(call.method, call.path));
      }
    });
  }

  /**
   * Settles the request a RESTResponse frame answers. False when it answers
   * none of ours: a late answer after the timeout, or the 400 Asterisk sends
   * with empty ids for a frame it could not parse.
   */
  receive(frame: Record<string, unknown>): boolean {
    const id = frame['request_id'];
    const w = typeof id === 'string' ? this.waiting.get(id) : undefined;
    if (!w) return false;
    this.waiting.delete(id as string);
    this.opts.clock.clearTimeout(w.timer);
    const status = typeof frame['status_code'] === 'number' ? frame['status_code'] : 0;
    const raw = frame['message_body'];
    // message_body is a JSON string; an object is taken as is (the protocol's drafts sent one).
    const body = typeof raw === 'string' ? parseBodyText(raw) : raw;
    if (status >= 200 && status < 300) w.resolve(body);
    else w.reject(errorFromResponse(status, w.call.method, w.call.path, body));
    return true;
  }

  /** Fails every request still waiting (the socket they went out on has closed). */
  failAll(reason = SOCKET_CLOSED): void {
    // Only a lost socket is worth a retry; a client closing on purpose is final.
    const lost = reason === SOCKET_CLOSED;
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of all) {
      this.opts.clock.clearTimeout(w.timer);
      w.reject(lost ? new AriLinkLostError(w.call.method, w.call.path, reason) : new AriTransportError(w.call.method, w.call.path, reason));
    }
  }
}

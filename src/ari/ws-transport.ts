/**
 * REST over the event WebSocket (Asterisk 20.14+/22.4+): each call is one
 * RESTRequest frame, answered by one RESTResponse frame with the same
 * request_id. Status codes, error bodies, error classes and the timeout are
 * those of the HTTP transport. One clock timer watches every request's
 * time-out (request-deadlines.ts). When the socket is lost, every request
 * still waiting fails with AriLinkLostError, as HTTP requests in flight do
 * then (abortAll): the caller's request is sent once more after the
 * reconnect. A client closing on purpose fails them with AriTransportError.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import { AriDisconnectedError, AriLinkLostError, AriTransportError, errorFromResponse } from './errors.js';
import { parseBodyText, queryString, type RestCall, type RestTransport } from './transport.js';
import { RequestDeadlines } from './request-deadlines.js';

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
  /** Clock time of the time-out. */
  at: number;
  timeoutMs: number;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** RESTRequest/RESTResponse over the event socket. */
export class WsTransport implements RestTransport {
  readonly kind = 'websocket';
  private readonly waiting: RequestDeadlines<string, Waiting>;
  /** Unique per client, so a response meant for another client on a shared log is never taken for ours. */
  private readonly prefix = randomUUID().slice(0, 8);
  private seq = 0;

  constructor(private readonly opts: WsTransportOptions) {
    this.waiting = new RequestDeadlines(opts.clock, (_id, w) => w.reject(new AriTransportError(w.call.method, w.call.path, `no answer within ${w.timeoutMs} ms`)));
  }

  /** Requests sent and not yet answered. */
  pending(): number {
    return this.waiting.size;
  }

  send<T>(call: RestCall, timeoutMs = this.opts.timeoutMs): Promise<T> {
    const requestId = `${this.prefix}-${++this.seq}`;
    // Relative: Asterisk answers 405 "Invalid method" to a uri with a leading slash.
    let start = 0;
    while (call.path.charCodeAt(start) === 47) start++;
    const qs = queryString(call.query);
    const uri = qs.length > 0 ? `${call.path.slice(start)}?${qs}` : call.path.slice(start);
    // The frame is written as text directly (no frame object to stringify):
    // the id is ours (hex and digits), the method one of our literals.
    let frame = `{"type":"RESTRequest","request_id":"${requestId}","method":${JSON.stringify(call.method)},"uri":${JSON.stringify(uri)}`;
    if (call.body !== undefined) frame += `,"content_type":"application/json","message_body":${JSON.stringify(JSON.stringify(call.body))}`;
    frame += '}';
    return new Promise<T>((resolve, reject) => {
      // Waiting before it is sent, so an answer can never arrive unexpected.
      this.waiting.add(requestId, { call, at: this.opts.clock.now() + timeoutMs, timeoutMs, resolve: resolve as (v: unknown) => void, reject });
      if (!this.opts.sendFrame(frame)) {
        // Not sent at all: the same fail-fast error as an HTTP request made while offline.
        this.waiting.take(requestId);
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
    const w = typeof id === 'string' ? this.waiting.take(id) : undefined;
    if (!w) return false;
    const status = typeof frame['status_code'] === 'number' ? frame['status_code'] : 0;
    if (w.call.discardBody && status >= 200 && status < 300) {
      w.resolve(undefined);
      return true;
    }
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
    for (const w of this.waiting.takeAll()) {
      w.reject(lost ? new AriLinkLostError(w.call.method, w.call.path, reason) : new AriTransportError(w.call.method, w.call.path, reason));
    }
  }
}

/**
 * ARI's REST half as the rest of the client sees it: request(method, path,
 * query, body) with typed errors, over keep-alive HTTP or, once the client
 * has chosen it, as RESTRequest frames on the event WebSocket. Requests
 * fail fast while the client says it is offline, whichever transport is in
 * use, and each one holds the injected clock until it is answered.
 */
import type { Clock } from '../clock/clock.js';
import { AriDisconnectedError } from './errors.js';
import { HttpTransport } from './http-transport.js';
import type { Query, RestCall, RestTransport, TransportKind } from './transport.js';

export type { Query } from './transport.js';

/** Options for RestClient. */
export interface RestOptions {
  /** Base URL ending in /ari, e.g. http://127.0.0.1:8088/ari. */
  baseUrl: string;
  username: string;
  password: string;
  clock: Clock;
  /** Upper bound on open sockets to Asterisk (default 16). */
  maxSockets?: number;
  /** Per-request timeout in ms (default 10 s), for either transport. */
  timeoutMs?: number;
  /** Returns false while the event socket is down; requests then fail fast. */
  isOnline?: () => boolean;
}

/** Minimal typed REST client for ARI. */
export class RestClient {
  /** The per-request timeout, for a transport built outside (the WebSocket one). */
  readonly timeoutMs: number;
  private readonly http: HttpTransport;
  private alternative: RestTransport | undefined;
  private inFlight = 0;

  constructor(private readonly opts: RestOptions) {
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.http = new HttpTransport({
      baseUrl: opts.baseUrl,
      username: opts.username,
      password: opts.password,
      clock: opts.clock,
      maxSockets: opts.maxSockets ?? 16,
      timeoutMs: this.timeoutMs,
    });
  }

  /** The transport new requests take. */
  get transport(): TransportKind {
    return (this.alternative ?? this.http).kind;
  }

  /** Sends new requests over `t` from now on, or over HTTP again (undefined). Requests under way finish where they are. */
  use(t: RestTransport | undefined): void {
    this.alternative = t;
  }

  /** Requests not yet answered. */
  pending(): number {
    return this.inFlight;
  }

  /**
   * Sends one request. `force` skips the offline check (used for the
   * handshake and re-adoption right after the socket opens).
   */
  request<T = unknown>(method: string, path: string, query?: Query, body?: unknown, force = false): Promise<T> {
    return this.send<T>({ method, path, query, body }, force);
  }

  /**
   * Sends one request whose answer is only its status (answer, play, hang
   * up): the same errors as request(), but a 2xx body is not parsed.
   */
  command(method: string, path: string, query?: Query, body?: unknown): Promise<void> {
    return this.send<void>({ method, path, query, body, discardBody: true }, false);
  }

  private async send<T>(call: RestCall, force: boolean): Promise<T> {
    if (!force && this.opts.isOnline && !this.opts.isOnline()) {
      throw new AriDisconnectedError(call.method, call.path);
    }
    const release = this.opts.clock.hold(`${call.method} ${call.path}`);
    this.inFlight++;
    try {
      return await (this.alternative ?? this.http).send<T>(call);
    } finally {
      this.inFlight--;
      release();
    }
  }

  /** Fails the HTTP requests waiting for an answer (the link was lost; see HttpTransport.abortAll). */
  abortHttp(reason: string): void {
    this.http.abortAll(reason);
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.http.close();
  }
}

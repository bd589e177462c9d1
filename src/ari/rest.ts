/**
 * ARI's REST half: one keep-alive HTTP(S) agent with a bounded socket pool,
 * JSON in and out, Basic auth, a per-request timeout on the injected clock,
 * and typed errors. Requests fail fast while the client says it is offline.
 */
import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../clock/clock.js';
import { AriDisconnectedError, AriTransportError, errorFromResponse } from './errors.js';

/** Query values; undefined entries are left out, arrays are comma-joined as ARI expects. */
export type Query = Record<string, string | number | boolean | string[] | undefined>;

/** Options for RestClient. */
export interface RestOptions {
  /** Base URL ending in /ari, e.g. http://127.0.0.1:8088/ari. */
  baseUrl: string;
  username: string;
  password: string;
  clock: Clock;
  /** Upper bound on open sockets to Asterisk (default 16). */
  maxSockets?: number;
  /** Per-request timeout in ms (default 10 s). */
  timeoutMs?: number;
  /** Returns false while the event socket is down; requests then fail fast. */
  isOnline?: () => boolean;
}

/** Minimal typed REST client for ARI. */
export class RestClient {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;
  private readonly auth: string;
  private readonly timeoutMs: number;
  private inFlight = 0;

  constructor(private readonly opts: RestOptions) {
    this.base = new URL(opts.baseUrl.replace(/\/+$/, ''));
    const secure = this.base.protocol === 'https:';
    this.transport = secure ? https : http;
    const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? 16, maxFreeSockets: 4 };
    this.agent = secure ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
    this.auth = 'Basic ' + Buffer.from(`${opts.username}:${opts.password}`).toString('base64');
    this.timeoutMs = opts.timeoutMs ?? 10_000;
  }

  /** Requests not yet answered. */
  pending(): number {
    return this.inFlight;
  }

  /**
   * Sends one request. `force` skips the offline check (used for the
   * handshake and re-adoption right after the socket opens).
   */
  async request<T = unknown>(method: string, path: string, query?: Query, body?: unknown, force = false): Promise<T> {
    if (!force && this.opts.isOnline && !this.opts.isOnline()) {
      throw new AriDisconnectedError(method, path);
    }
    const url = new URL(this.base.pathname + path, this.base);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined) continue;
      url.searchParams.set(k, Array.isArray(v) ? v.join(',') : String(v));
    }
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const release = this.opts.clock.hold(`${method} ${path}`);
    this.inFlight++;
    try {
      return await this.send<T>(method, path, url, payload);
    } finally {
      this.inFlight--;
      release();
    }
  }

  private send<T>(method: string, path: string, url: URL, payload: Buffer | undefined): Promise<T> {
    const { clock } = this.opts;
    return new Promise<T>((resolve, reject) => {
      const req = this.transport.request(
        url,
        {
          method,
          agent: this.agent,
          headers: {
            Authorization: this.auth,
            Accept: 'application/json',
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (err) => finish(() => reject(new AriTransportError(method, path, err.message))));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = undefined;
            if (text.length > 0) {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            const status = res.statusCode ?? 0;
            finish(() => (status >= 200 && status < 300 ? resolve(parsed as T) : reject(errorFromResponse(status, method, path, parsed))));
          });
        },
      );
      let done = false;
      const timer = clock.setTimeout(() => {
        req.destroy(new Error(`no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      const finish = (fn: () => void): void => {
        if (done) return;
        done = true;
        clock.clearTimeout(timer);
        fn();
      };
      req.on('error', (err) => finish(() => reject(new AriTransportError(method, path, err.message))));
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}

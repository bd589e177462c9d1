/**
 * REST over HTTP(S): one keep-alive agent with a bounded socket pool, JSON
 * in and out, Basic auth, a per-request timeout on the injected clock.
 */
import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../clock/clock.js';
import { AriLinkLostError, AriTransportError, errorFromResponse } from './errors.js';
import { parseBodyText, queryPairs, type RestCall, type RestTransport } from './transport.js';

/** Settings of the HTTP transport. */
export interface HttpTransportOptions {
  /** Base URL ending in /ari, e.g. http://127.0.0.1:8088/ari. */
  baseUrl: string;
  username: string;
  password: string;
  clock: Clock;
  /** Upper bound on open sockets to Asterisk. */
  maxSockets: number;
  /** Per-request timeout in ms. */
  timeoutMs: number;
}

/** Keep-alive HTTP transport. */
export class HttpTransport implements RestTransport {
  readonly kind = 'http';
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly lib: typeof http | typeof https;
  private readonly auth: string;
  /** Requests waiting for their answer, so a lost link can fail them (abortAll). */
  private readonly inFlight = new Set<(reason: string) => void>();

  constructor(private readonly opts: HttpTransportOptions) {
    this.base = new URL(opts.baseUrl.replace(/\/+$/, ''));
    const secure = this.base.protocol === 'https:';
    this.lib = secure ? https : http;
    const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets, maxFreeSockets: 4 };
    this.agent = secure ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
    this.auth = 'Basic ' + Buffer.from(`${opts.username}:${opts.password}`).toString('base64');
  }

  send<T>({ method, path, query, body }: RestCall): Promise<T> {
    const url = new URL(this.base.pathname + path, this.base);
    for (const [k, v] of queryPairs(query)) url.searchParams.set(k, v);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const { clock, timeoutMs } = this.opts;
    return new Promise<T>((resolve, reject) => {
      const req = this.lib.request(
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
            const parsed = parseBodyText(Buffer.concat(chunks).toString('utf8'));
            const status = res.statusCode ?? 0;
            finish(() => (status >= 200 && status < 300 ? resolve(parsed as T) : reject(errorFromResponse(status, method, path, parsed))));
          });
        },
      );
      let done = false;
      const timer = clock.setTimeout(() => {
        req.destroy(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const abort = (reason: string): void => {
        finish(() => reject(new AriLinkLostError(method, path, reason)));
        req.destroy();
      };
      this.inFlight.add(abort);
      const finish = (fn: () => void): void => {
        if (done) return;
        done = true;
        this.inFlight.delete(abort);
        clock.clearTimeout(timer);
        fn();
      };
      req.on('error', (err) => finish(() => reject(new AriTransportError(method, path, err.message))));
      if (payload) req.write(payload);
      req.end();
    });
  }

  /**
   * Fails every request still waiting: the event socket was lost, so the
   * link to Asterisk is in doubt (a dead peer never answers them) and they
   * are retried after the reconnect like requests on the event socket.
   */
  abortAll(reason: string): void {
    for (const abort of [...this.inFlight]) abort(reason);
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}

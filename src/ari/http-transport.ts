/**
 * REST over HTTP(S): one keep-alive agent with a bounded socket pool, JSON
 * in and out, Basic auth, a per-request timeout on the injected clock (one
 * clock timer for all requests in flight: request-deadlines.ts).
 */
import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../clock/clock.js';
import { AriLinkLostError, AriTransportError, errorFromResponse } from './errors.js';
import { parseBodyText, queryString, type RestCall, type RestTransport } from './transport.js';
import { RequestDeadlines, type Deadline } from './request-deadlines.js';

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

/** A request in flight, as its time-out sees it. */
interface InFlight extends Deadline {
  req: http.ClientRequest;
  /** Fails the request because the link to Asterisk was lost (abortAll). */
  abort: (reason: string) => void;
}

/** Keep-alive HTTP transport. */
export class HttpTransport implements RestTransport {
  readonly kind = 'http';
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly lib: typeof http | typeof https;
  private readonly auth: string;
  /** The request options every request shares (built once, not a URL parsed per request). */
  private readonly target: { protocol: string; hostname: string; port: string; basePath: string };
  private readonly inFlight: RequestDeadlines<number, InFlight>;
  private seq = 0;

  constructor(private readonly opts: HttpTransportOptions) {
    this.base = new URL(opts.baseUrl.replace(/\/+$/, ''));
    const secure = this.base.protocol === 'https:';
    this.lib = secure ? https : http;
    const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets, maxFreeSockets: 4 };
    this.agent = secure ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
    this.auth = 'Basic ' + Buffer.from(`${opts.username}:${opts.password}`).toString('base64');
    // IPv6 literals come bracketed in URL.hostname; the request options want them bare.
    this.target = { protocol: this.base.protocol, hostname: this.base.hostname.replace(/^\[(.*)\]$/, '$1'), port: this.base.port, basePath: this.base.pathname.replace(/\/+$/, '') };
    this.inFlight = new RequestDeadlines(opts.clock, (_n, f) => f.req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
  }

  send<T>({ method, path, query, body, discardBody }: RestCall): Promise<T> {
    const qs = queryString(query);
    const t = this.target;
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const { clock, timeoutMs } = this.opts;
    const n = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      const req = this.lib.request(
        {
          protocol: t.protocol,
          hostname: t.hostname,
          port: t.port,
          path: qs.length > 0 ? `${t.basePath}${path}?${qs}` : t.basePath + path,
          method,
          agent: this.agent,
          headers: {
            Authorization: this.auth,
            Accept: 'application/json',
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
          },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const ok = status >= 200 && status < 300;
          // A body nobody reads is drained, not collected and parsed.
          const chunks: Buffer[] | undefined = ok && discardBody ? undefined : [];
          res.on('data', (c: Buffer) => chunks?.push(c));
          res.on('error', (err) => finish(() => reject(new AriTransportError(method, path, err.message))));
          res.on('end', () => {
            const parsed = chunks ? parseBodyText(Buffer.concat(chunks).toString('utf8')) : undefined;
            finish(() => (ok ? resolve(parsed as T) : reject(errorFromResponse(status, method, path, parsed))));
          });
        },
      );
      let done = false;
      const abort = (reason: string): void => {
        finish(() => reject(new AriLinkLostError(method, path, reason)));
        req.destroy();
      };
      this.inFlight.add(n, { at: clock.now() + timeoutMs, req, abort });
      const finish = (fn: () => void): void => {
        if (done) return;
        done = true;
        this.inFlight.take(n);
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
    for (const f of this.inFlight.takeAll()) f.abort(reason);
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }
}

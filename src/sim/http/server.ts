/**
 * The HTTP side of the simulator: /ari REST requests (auth, body parsing,
 * routing, Asterisk's error bodies) and the /ari/events WebSocket upgrade.
 * Every request holds the clock until its reply and follow-up events are out.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { SimContext } from '../core/sim-context.js';
import { AUTH_REALM, isAuthorized } from './auth.js';
import { parseBody, type AriResponse } from './request.js';
import { addParams, dispatch, errorResponse } from './dispatch.js';
import { RestFrames } from './rest-frames.js';
import { resourceDoc, resourceListing } from './api-docs.js';
import type { Router } from './router.js';
import { withRequestFaults } from '../faults/request-faults.js';

/** Server settings. */
export interface AriServerOptions {
  ctx: SimContext;
  router: Router;
  username: string;
  password: string;
  host: string;
  port: number;
  /**
   * Answer RESTRequest frames on the event socket (Asterisk 20.14+/22.4+).
   * When false the socket reads and drops every frame it is sent, with no
   * reply and no close, as older Asterisk versions do.
   */
  restOverWebSocket: boolean;
}

const SERVER_HEADER = 'Asterisk/22.10.1';

/** REST + WebSocket listener for one simulator. */
export class AriServer {
  private readonly server: http.Server;
  // Pongs by hand, so a silenced link (fault injection) can stop answering pings.
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false });
  private readonly frames: RestFrames;
  /** REST requests answered so far, by transport (tests check which one a client used). */
  readonly answered = { http: 0, websocket: 0 };

  constructor(private readonly opts: AriServerOptions) {
    this.frames = new RestFrames(opts.ctx, opts.router);
    this.server = http.createServer((req, res) => this.onRequest(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  /** Starts listening; resolves with the bound port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : this.opts.port);
      });
    });
  }

  /** Stops listening and drops every connection. */
  close(): Promise<void> {
    this.opts.ctx.hub.closeAll();
    for (const client of this.wss.clients) client.terminate();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const clock = this.opts.ctx.clock;
    clock.touch();
    const release = clock.hold(`sim: ${req.method ?? '?'} ${req.url ?? ''}`);
    let released = false;
    const done = (): void => {
      if (released) return;
      released = true;
      release();
      clock.touch();
    };
    res.on('close', done);
    req.on('error', done);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        this.handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (err) {
        this.opts.ctx.logger.error('sim: request failed', { url: req.url, error: err instanceof Error ? err.stack : String(err) });
        if (!res.headersSent) this.writeJson(res, { status: 500, body: { message: 'Internal Server Error' } });
      } finally {
        done();
      }
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const path = url.pathname;
    if (path !== '/ari' && !path.startsWith('/ari/')) {
      res.writeHead(404, { 'Content-Type': 'text/html', Server: SERVER_HEADER });
      res.end('<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>\n');
      return;
    }
    let parsed: ReturnType<typeof parseBody>;
    try {
      parsed = parseBody(req.headers['content-type'], rawBody);
    } catch (err) {
      this.writeJson(res, errorResponse(err));
      return;
    }
    const query = new Map<string, string[]>();
    if (parsed.form) addParams(query, parsed.form);
    addParams(query, url.searchParams);
    if (!isAuthorized(req.headers, url.searchParams, this.opts.username, this.opts.password)) {
      this.writeJson(res, {
        status: 401,
        body: { message: 'Authentication required' },
        headers: { 'WWW-Authenticate': `Basic realm="${AUTH_REALM}"` },
      });
      return;
    }
    const sub = path.slice('/ari'.length);
    // A trailing slash is refused before the API descriptions too (dispatch answers it).
    if (sub.startsWith('/api-docs/') && !sub.endsWith('/')) {
      this.serveApiDocs(req, res, sub.slice('/api-docs/'.length));
      return;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    // A dead link (fault injection): the request is never answered; the client gives up on it.
    if (this.opts.ctx.hub.isSilent()) return;
    this.answered.http++;
    withRequestFaults(
      this.opts.ctx,
      { method, path: sub, transport: 'http' },
      () => {
        const response = dispatch(this.opts.router, { method, path: sub, query, json: parsed.json });
        this.writeJson(res, response);
        response.after?.();
      },
      (response) => this.writeJson(res, response),
    );
  }

  private serveApiDocs(req: IncomingMessage, res: ServerResponse, file: string): void {
    const basePath = `http://${req.headers.host ?? `${this.opts.host}:${this.opts.port}`}/ari`;
    const name = file.replace(/\.json$/, '');
    const body = name === 'resources' ? resourceListing(basePath) : resourceDoc(name, basePath, this.opts.router.list());
    if (body === undefined) this.writeJson(res, { status: 404, body: { message: 'Resource not found' } });
    else this.writeJson(res, { status: 200, body });
  }

  private writeJson(res: ServerResponse, response: AriResponse): void {
    // A late answer (fault injection) to a client that gave up meanwhile.
    if (res.destroyed || res.writableEnded) return;
    const headers: Record<string, string> = { Server: SERVER_HEADER, ...(response.headers ?? {}) };
    if (response.raw) {
      res.writeHead(response.status, { ...headers, 'Content-Type': response.raw.contentType, 'Content-Length': String(response.raw.data.length) });
      res.end(response.raw.data);
    } else if (response.status === 204 || response.body === undefined) {
      res.writeHead(response.status, headers);
      res.end();
    } else {
      const text = JSON.stringify(response.body);
      res.writeHead(response.status, { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) });
      res.end(text);
    }
    this.opts.ctx.clock.touch();
    // The query string may carry api_key, so only the path is logged.
    const path = (res.req.url ?? '').split('?')[0];
    this.opts.ctx.logger.debug('sim: ARI request', { method: res.req.method, path, status: response.status });
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const ctx = this.opts.ctx;
    ctx.clock.touch();
    socket.on('error', () => undefined);
    // The link is dead (fault injection): a new connection gets nowhere either.
    if (ctx.hub.isSilent()) {
      socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    if (!isAuthorized(req.headers, url.searchParams, this.opts.username, this.opts.password)) {
      rejectUpgrade(socket, 401, 'Unauthorized', { message: 'Authentication required' }, [`WWW-Authenticate: Basic realm="${AUTH_REALM}"`]);
      return;
    }
    if (url.pathname !== '/ari/events') {
      rejectUpgrade(socket, 404, 'Not Found', { message: 'Resource not found' });
      return;
    }
    const apps = (url.searchParams.get('app') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (apps.length === 0) {
      rejectUpgrade(socket, 400, 'Bad Request', { message: 'HTTP request is missing param: [app]' });
      return;
    }
    const subscribeAll = ['yes', 'true', 'y', 't', '1', 'on'].includes((url.searchParams.get('subscribeAll') ?? '').toLowerCase());
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('error', () => undefined);
      ws.on('ping', (data: Buffer) => {
        if (!ctx.hub.isSilent(ws)) ws.pong(data);
      });
      ctx.hub.attach(ws, apps, subscribeAll);
      // Binary frames are ignored, as Asterisk ignores every non-text opcode.
      if (this.opts.restOverWebSocket) {
        ws.on('message', (data: Buffer, isBinary: boolean) => {
          if (isBinary || ctx.hub.isSilent(ws)) return;
          this.answered.websocket++;
          this.frames.handle(ws, apps[0] as string, data.toString('utf8'));
        });
      }
      ctx.clock.touch();
    });
  }
}

function rejectUpgrade(socket: Duplex, status: number, text: string, body: unknown, extraHeaders: string[] = []): void {
  const json = JSON.stringify(body);
  const head = [
    `HTTP/1.1 ${status} ${text}`,
    `Server: ${SERVER_HEADER}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(json)}`,
    'Connection: close',
    ...extraHeaders,
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${json}`);
}

/**
 * The ops HTTP server: health and readiness probes, Prometheus metrics, the
 * calls (live and recent, with timelines), the callback queue, and a live
 * page fed by server-sent events. Everything but /healthz and the page's
 * own files needs `Authorization: Bearer <OPS_TOKEN>`; /events also takes
 * `?token=` because EventSource cannot send headers.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import type { CallbackQueue } from '../store/callback-queue.js';
import { authorized } from './auth.js';
import { CallBook, DEFAULT_RECENT_CALLS, type BookedCall } from './call-book.js';
import type { CallEventSource } from './call-source.js';
import { callbacksRoutes } from './callbacks-routes.js';
import { callsRoutes } from './calls-routes.js';
import { DayStats } from './day-stats.js';
import { send, sendError, sendJson } from './http-util.js';
import { LiveFeed } from './live-feed.js';
import { OpsMetrics } from './metrics.js';
import { isLoopback } from './options.js';
import { pageRoutes } from './page-routes.js';
import type { OpsRequest, Route } from './route.js';
import type { CallRecordStore } from '../store/call-records.js';
import { CallArchive } from './call-archive.js';
import { bookDialerAttempts, type AttemptSource } from './dialer-calls.js';
import { checkCall } from './standards-check/check-call.js';
import type { StandardsThresholds } from './standards-check/thresholds.js';

/** What startOpsServer needs. */
export interface OpsServerOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** Undefined only on loopback (opsOptionsFromEnv enforces it; so does this). */
  token: string | undefined;
  /** The CallRunner, or anything emitting its call events. */
  runner: CallEventSource;
  queue: CallbackQueue;
  /** Readiness of the service (ARI connected, config loaded, ...). */
  ready: () => Promise<{ ok: boolean; reasons: string[] }>;
  clock: Clock;
  logger: Logger;
  /** Reads a stored recording (Asterisk's name) as WAV bytes. */
  fetchRecording?: (name: string) => Promise<Buffer>;
  configVersion: () => string;
  /** The hotline's time zone for "today" (flow config hours.timezone); default UTC. */
  timeZone?: string;
  /** Finished calls kept for /calls in memory; default 500. */
  recentCalls?: number;
  /** Where finished calls are written so a restart does not lose them (and read back past the memory bound). */
  records?: CallRecordStore;
  /** The standards check's thresholds, from the flow config in use; without it calls are not checked. */
  standards?: () => StandardsThresholds;
  /** The callback dialer: its attempts' customer legs are booked (and checked) as calls. */
  dialer?: AttemptSource;
}

/** A listening ops server. */
export interface OpsServer {
  /** Base URL, e.g. http://127.0.0.1:8089 */
  url: string;
  /** Exposed for tests and for wiring (e.g. a CLI summary). */
  book: CallBook;
  /** Resolves once finished calls seen so far are written to the record store. */
  flushRecords(): Promise<void>;
  close(): Promise<void>;
}

/** Starts the ops server; resolves once it listens. */
export async function startOpsServer(o: OpsServerOptions): Promise<OpsServer> {
  if (!o.token && !isLoopback(o.host)) throw new Error(`ops server: refusing to listen on ${o.host} without a token (set OPS_TOKEN)`);
  const log = o.logger.child({ component: 'ops' });
  const standards = o.standards;
  const book = new CallBook(o.runner, o.clock, o.recentCalls ?? DEFAULT_RECENT_CALLS, standards ? (c) => checkCall(c.timeline, standards()) : undefined);
  const archive = o.records ? new CallArchive(book, o.records, log) : undefined;
  const unbookDialer = o.dialer ? bookDialerAttempts(book, o.dialer, o.clock) : undefined;
  const day = new DayStats(o.clock, o.timeZone);
  book.on('ended', (c: BookedCall) => day.add(c));
  const metrics = new OpsMetrics({ book, queue: o.queue, clock: o.clock, configVersion: o.configVersion });
  const feed = new LiveFeed({ book, day, queue: o.queue, clock: o.clock, logger: log });

  const guarded: Route[] = [
    ({ req, res, parts }) => {
      if (parts.join('/') !== 'readyz' || req.method !== 'GET') return false;
      return readiness(o, res).then(() => true);
    },
    async ({ req, res, parts }) => {
      if (parts.join('/') !== 'metrics' || req.method !== 'GET') return false;
      send(res, 200, metrics.contentType, await metrics.text());
      return true;
    },
    ({ req, res, parts }) => {
      if (parts.join('/') !== 'events' || req.method !== 'GET') return false;
      if (!feed.open(res)) sendError(res, 503, 'too many live pages open');
      return true;
    },
    async ({ req, res, parts }) => {
      if (parts.join('/') !== 'kpis' || req.method !== 'GET') return false;
      sendJson(res, 200, await feed.kpis());
      return true;
    },
    callsRoutes(book, archive, () => o.clock.now()),
    callbacksRoutes({ queue: o.queue, logger: log, changed: () => feed.callbacksChanged(), ...(o.fetchRecording ? { fetchRecording: o.fetchRecording } : {}) }),
  ];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://ops.invalid');
    let parts: string[];
    try {
      parts = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
    } catch {
      return sendError(res, 400, 'malformed path');
    }
    const r: OpsRequest = { req, res, url, parts };
    if (parts.join('/') === 'healthz' && req.method === 'GET') return sendJson(res, 200, { ok: true });
    // Without a token only loopback can reach us, but a web page could still
    // rebind its own host name to 127.0.0.1: insist on a loopback Host then.
    if (!o.token && !isLoopback(hostName(req.headers.host))) return sendError(res, 403, 'Host must be a loopback name when no OPS_TOKEN is set');
    if (await pageRoutes(r)) return;
    // EventSource cannot set headers: only the stream may take the token as a query parameter.
    if (!authorized(req, url, o.token, parts.join('/') === 'events')) {
      return send(res, 401, 'application/json; charset=utf-8', JSON.stringify({ error: 'missing or wrong token' }), { 'www-authenticate': 'Bearer realm="hotline-ops"' });
    }
    for (const route of guarded) if (await route(r)) return;
    sendError(res, 404, 'not found');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // Never the query string: /events may carry the token there.
      log.error(`ops: ${req.method ?? '?'} ${(req.url ?? '').split('?')[0]} failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendError(res, 500, 'internal error');
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  log.info(`ops server listening on ${url}${o.token ? '' : ' (no token: loopback only)'}`);
  return {
    url,
    book,
    flushRecords: async () => archive?.flush(),
    async close() {
      unbookDialer?.();
      await archive?.flush();
      archive?.close();
      feed.close();
      metrics.close();
      book.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** The host name of a Host header ("127.0.0.1:8089" -> "127.0.0.1", "[::1]:80" -> "::1"). */
function hostName(host: string | undefined): string {
  if (!host) return '';
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  return m ? (m[1] as string) : host.replace(/:\d+$/, '');
}

/** /readyz: the service's own readiness plus the callback queue's ping; 503 with the reasons when not ready. */
async function readiness(o: OpsServerOptions, res: ServerResponse): Promise<void> {
  const reasons: string[] = [];
  try {
    const r = await o.ready();
    if (!r.ok) reasons.push(...(r.reasons.length ? r.reasons : ['not ready']));
  } catch (err) {
    reasons.push(`readiness check failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    await o.queue.ping();
  } catch (err) {
    reasons.push(`callback queue unreachable: ${err instanceof Error ? err.message : String(err)}`);
  }
  sendJson(res, reasons.length ? 503 : 200, { ok: reasons.length === 0, reasons });
}

/**
 * ARI's event half: one WebSocket per app, reconnected forever with jittered
 * exponential backoff. A 401 on the upgrade is reported once as AriAuthError
 * (no retry storm on the first connect; a quiet retry at the cap later).
 */
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import { AriAuthError, AriTransportError } from './errors.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';

/** Options for EventSocket. */
/** Largest event-socket frame we accept (bytes). */
export const EVENT_MAX_PAYLOAD = 32 * 1024 * 1024;

export interface EventSocketOptions {
  /** ARI base URL, e.g. http://127.0.0.1:8088/ari (https for TLS). */
  url: string;
  username: string;
  password: string;
  /** Stasis application name (the dialplan's Stasis(<app>)). */
  app: string;
  clock: Clock;
  logger: Logger;
  backoff?: BackoffOptions;
  /**
   * Real-time keep-alive ping interval; a socket that has not answered a
   * ping by the next one is dropped, so a link that went silent without a
   * close frame is found within two intervals (default 2 s: within 4 s,
   * inside the 5 s #12 allows; 0 disables).
   */
  pingIntervalMs?: number;
}

/** Why a socket that was open was given up: a clean close, or no pong (set on the socket before terminating it). */
type TaggedSocket = WebSocket & { alive?: boolean; lostBecause?: string };

/** Events: 'open' (reconnected: boolean), 'message' (object), 'down' (AriTransportError with the reason), 'auth-failed' (AriAuthError). */
export class EventSocket extends EventEmitter {
  private ws: WebSocket | undefined;
  private attempt = 0;
  private retryTimer: TimerHandle | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private everOpened = false;
  private stopped = false;
  private authFailures = 0;
  private openState = false;

  constructor(private readonly opts: EventSocketOptions) {
    super();
  }

  /** True while the socket is open. */
  isOpen(): boolean {
    return this.openState;
  }

  /**
   * Opens the socket. Resolves on the first successful open; rejects with
   * AriAuthError if the very first attempt is refused with 401. Other failures
   * keep retrying (Asterisk may still be starting).
   */
  start(): Promise<void> {
    this.stopped = false;
    return new Promise<void>((resolve, reject) => {
      const onOpen = (): void => {
        this.off('auth-failed', onAuth);
        resolve();
      };
      const onAuth = (err: AriAuthError): void => {
        if (this.everOpened) return;
        this.off('open', onOpen);
        this.stop();
        reject(err);
      };
      this.once('open', onOpen);
      this.once('auth-failed', onAuth);
      this.connect();
    });
  }

  /** Sends a text frame (a RESTRequest); false, and nothing sent, while the socket is not open. */
  send(text: string): boolean {
    const ws = this.ws;
    if (!ws || !this.openState || ws.readyState !== WebSocket.OPEN) return false;
    this.batchWrites(ws);
    ws.send(text);
    return true;
  }

  private corked = false;

  /**
   * Frames sent in one turn of the event loop leave in one write: the TCP
   * socket under ws is corked until the turn's callbacks are done. With
   * thousands of calls one socket write per frame was the largest cost in
   * the controller's profile (a plain ws client pays it too). ws has no
   * public handle on its socket; without one, frames go one by one.
   */
  private batchWrites(ws: WebSocket): void {
    if (this.corked) return;
    const raw = (ws as unknown as { _socket?: { cork?: () => void; uncork?: () => void } })._socket;
    if (!raw || typeof raw.cork !== 'function' || typeof raw.uncork !== 'function') return;
    raw.cork();
    this.corked = true;
    // nextTick runs once the current callback and the promise reactions it started are done.
    process.nextTick(() => {
      this.corked = false;
      raw.uncork?.();
    });
  }

  /** Closes the socket and stops reconnecting. */
  stop(): void {
    this.stopped = true;
    this.opts.clock.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.stopPing();
    const ws = this.ws;
    this.ws = undefined;
    this.openState = false;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
    }
  }

  /** Drops the current connection as if the network failed (tests and ops use it). */
  dropForTest(): void {
    this.ws?.terminate();
  }

  private wsUrl(): string {
    const u = new URL(this.opts.url.replace(/\/+$/, '') + '/events');
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    u.searchParams.set('app', this.opts.app);
    return u.toString();
  }

  /** The 404 hint is logged once per service run. */
  private saidNotFound = false;

  private connect(): void {
    if (this.stopped) return;
    const auth = 'Basic ' + Buffer.from(`${this.opts.username}:${this.opts.password}`).toString('base64');
    // maxPayload: a frame past 32 MiB (ten times a GET /channels of 5,000 calls) closes the socket (1009) and we reconnect, instead of buffering without end.
    const ws = new WebSocket(this.wsUrl(), { headers: { Authorization: auth }, handshakeTimeout: 10_000, maxPayload: EVENT_MAX_PAYLOAD });
    this.ws = ws;
    const release = this.opts.clock.hold('ws connect');
    let settled = false;
    const settle = (): void => {
      if (!settled) {
        settled = true;
        release();
      }
    };
    ws.on('unexpected-response', (_req, res) => {
      settle();
      const status = res.statusCode ?? 0;
      res.resume();
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      if (status === 401 || status === 403) {
        this.authFailures++;
        const err = new AriAuthError('GET', '/events');
        if (this.authFailures === 1) this.opts.logger.error(`ARI refused our credentials (HTTP ${status}): check ARI_USERNAME and ARI_PASSWORD`);
        this.emit('auth-failed', err);
        if (this.everOpened) this.scheduleRetry(`HTTP ${status}`, true);
      } else {
        // A 404 on the first try is almost always an ARI_URL without its /ari path
        // (or res_ari not loaded): say so once, plainly, then keep trying.
        if (status === 404 && !this.everOpened && !this.saidNotFound) {
          this.saidNotFound = true;
          this.opts.logger.error(`ARI answered HTTP 404 for ${this.opts.url.replace(/\/+$/, '')}/events: ARI_URL must be the ARI base URL, e.g. http://127.0.0.1:8088/ari (and Asterisk must load res_ari); retrying`);
        }
        this.scheduleRetry(`HTTP ${status} on the event socket`);
      }
    });
    ws.on('open', () => {
      settle();
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.attempt = 0;
      this.authFailures = 0;
      this.openState = true;
      this.startPing(ws);
      this.emit('open', reconnected);
    });
    ws.on('message', (data) => {
      this.opts.clock.touch();
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        this.opts.logger.warn('ARI sent a message that is not JSON; ignored');
        return;
      }
      // An event is a JSON object; an array, a number or null is no event at all.
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) this.emit('message', parsed as Record<string, unknown>);
    });
    ws.on('pong', () => {
      (ws as TaggedSocket).alive = true;
    });
    ws.on('error', (err) => {
      settle();
      // 'close' follows; log only the reason, never a stack, to avoid storms.
      this.opts.logger.debug(`ARI event socket error: ${err.message}`);
    });
    ws.on('close', () => {
      settle();
      const wasOpen = this.openState;
      this.openState = false;
      this.stopPing();
      if (this.ws !== ws) return;
      const reason = (ws as TaggedSocket).lostBecause ?? 'event socket closed';
      if (wasOpen) this.emit('down', new AriTransportError('GET', '/events', reason));
      // The owner logs the loss of an open socket (one line); only failed reconnects are logged here.
      this.scheduleRetry(reason, false, wasOpen);
    });
  }

  private scheduleRetry(reason: string, atCap = false, quiet = false): void {
    if (this.stopped) return;
    this.opts.clock.clearTimeout(this.retryTimer);
    const delay = atCap
      ? backoffDelay(99, this.opts.backoff)
      : backoffDelay(this.attempt++, this.opts.backoff);
    if (!quiet && (this.attempt <= 1 || this.attempt % 10 === 0)) {
      this.opts.logger.warn(`ARI not reachable (${reason}); retrying in ${delay} ms`);
    }
    this.retryTimer = this.opts.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  private startPing(ws: WebSocket): void {
    const every = this.opts.pingIntervalMs ?? 2_000;
    if (every <= 0) return;
    const tagged = ws as TaggedSocket;
    tagged.alive = true;
    // Real time on purpose: this detects a dead TCP peer, it is not call logic
    // (and a virtual clock that stands still must not hide a dead link).
    this.pingTimer = setInterval(() => {
      if (!tagged.alive) {
        tagged.lostBecause = `no answer to a ping within ${every} ms`;
        ws.terminate();
        return;
      }
      tagged.alive = false;
      ws.ping();
    }, every);
    this.pingTimer.unref();
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }
}

/**
 * Server-sent events for the live page. Each client gets the events as
 * JSON; a comment line every heartbeat keeps proxies from closing an idle
 * stream, and `retry:` tells the browser how soon to reconnect after a
 * restart of the service (EventSource then reconnects on its own).
 */
import type { ServerResponse } from 'node:http';
import { BASE_HEADERS } from './http-util.js';

const RETRY_MS = 2_000;
const HEARTBEAT_MS = 15_000;

/** The open event streams. */
export class SseHub {
  private readonly clients = new Set<ServerResponse>();
  // Real time on purpose: proxies close idle streams by the wall clock, and a
  // virtual clock in tests must not be kept busy by a transport keep-alive.
  private heartbeat: NodeJS.Timeout | undefined;

  /** Opens a stream on `res`; `first` is sent before anything else. */
  open(res: ServerResponse, first: { event: string; data: unknown }): void {
    res.writeHead(200, { ...BASE_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(`retry: ${RETRY_MS}\n\n`);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    write(res, first.event, first.data);
    this.armHeartbeat();
  }

  /** Sends an event to every open stream. */
  broadcast(event: string, data: unknown): void {
    for (const res of this.clients) write(res, event, data);
  }

  /** Open streams. */
  size(): number {
    return this.clients.size;
  }

  /** Ends every stream (the browser will reconnect to whoever listens next). */
  close(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private armHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const res of this.clients) res.write(': keep-alive\n\n');
      // No timer is left running once the last stream has gone.
      if (this.clients.size === 0) {
        clearInterval(this.heartbeat);
        this.heartbeat = undefined;
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }
}

function write(res: ServerResponse, event: string, data: unknown): void {
  // JSON.stringify never emits a raw line break, so one data: line suffices.
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * An ops server on 127.0.0.1:0 over a fake runner and an in-memory callback
 * queue, all on one VirtualClock, plus small HTTP helpers for the tests.
 */
import http from 'node:http';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';
import { startOpsServer, type OpsServer, type OpsServerOptions } from '../../src/ops/server.js';
import { OPEN_TIME } from '../helpers/harness.js';
import { FakeRunner } from './fake-runner.js';

export const TOKEN = 'test-ops-token-0123456789';

/** A running fixture. */
export interface OpsFixture {
  clock: VirtualClock;
  runner: FakeRunner;
  queue: MemoryCallbackQueue;
  ops: OpsServer;
  ready: { ok: boolean; reasons: string[] };
  /** GET (or another method) with the bearer token unless `auth` is false. */
  req(path: string, o?: { method?: string; auth?: boolean | string }): Promise<{ status: number; type: string; text: string; body: Buffer }>;
  json<T = Record<string, unknown>>(path: string, method?: string): Promise<T>;
  close(): Promise<void>;
}

/** Starts the fixture. */
export async function startOpsFixture(extra: Partial<OpsServerOptions> = {}): Promise<OpsFixture> {
  const clock = new VirtualClock(OPEN_TIME);
  const runner = new FakeRunner(clock);
  const queue = new MemoryCallbackQueue(clock);
  const ready = { ok: true, reasons: [] as string[] };
  const ops = await startOpsServer({
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    runner,
    queue,
    ready: async () => ready,
    clock,
    logger: silentLogger(),
    configVersion: () => 'cfg-42',
    timeZone: 'Asia/Shanghai',
    ...extra,
  });
  const req: OpsFixture['req'] = async (path, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.auth !== false) headers['authorization'] = `Bearer ${typeof o.auth === 'string' ? o.auth : TOKEN}`;
    const res = await fetch(ops.url + path, { method: o.method ?? 'GET', headers });
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: body.toString('utf8'), body };
  };
  return {
    clock,
    runner,
    queue,
    ops,
    ready,
    req,
    async json<T>(path: string, method = 'GET') {
      const r = await req(path, { method });
      if (r.status !== 200) throw new Error(`${method} ${path}: ${r.status} ${r.text}`);
      return JSON.parse(r.text) as T;
    },
    async close() {
      await ops.close();
    },
  };
}

/** One server-sent event. */
export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Opens /events and collects events until close(). */
export function openEvents(url: string, query = ''): Promise<{ status: number; events: SseEvent[]; waitFor(pred: (e: SseEvent[]) => boolean, ms?: number): Promise<void>; close(): void }> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const waiters = new Set<() => void>();
    const r = http.get(`${url}/events${query}`, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (ev && data) events.push({ event: ev, data: JSON.parse(data) as Record<string, unknown> });
          for (const w of waiters) w();
        }
      });
      resolve({
        status: res.statusCode ?? 0,
        events,
        // Real time here: the stream is real I/O; the bound only stops a broken test from hanging.
        waitFor: (pred, ms = 5_000) =>
          new Promise<void>((ok, fail) => {
            if (pred(events)) return ok();
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`events never matched; got ${events.map((e) => e.event).join(', ')}`));
            }, ms);
            const check = (): void => {
              if (!pred(events)) return;
              clearTimeout(timer);
              waiters.delete(check);
              ok();
            };
            waiters.add(check);
          }),
        close: () => r.destroy(),
      });
    });
    r.on('error', (err) => {
      if (!(err as NodeJS.ErrnoException).code?.includes('ECONNRESET')) reject(err);
    });
  });
}

/**
 * (c) The WebSocket floor: plain `ws`, REST as RESTRequest frames on the
 * event socket (Asterisk 20.14+/22.4+), responses matched by request_id.
 * Probes at connect; when the server does not answer RESTRequest frames the
 * driver reports itself unavailable instead of guessing.
 */
import type { Driver, DriverFactory } from '../driver.js';
import { PlainEvents, type RestFn } from './plain-events.js';

const PROBE_TIMEOUT_MS = 2000;

/** Builds the plain ws + REST-over-WebSocket driver. */
export const create: DriverFactory = (o) => {
  const pending = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  let seq = 0;
  const events = new PlainEvents(o, () => rest);
  const rest: RestFn = (method, uri) =>
    new Promise((resolve, reject) => {
      const id = `r${++seq}`;
      pending.set(id, { resolve, reject });
      events.ws?.send(JSON.stringify({ type: 'RESTRequest', transaction_id: id, request_id: id, method, uri }));
    });
  events.onOther = (f) => {
    const id = f['request_id'] as string;
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    const status = f['status_code'] as number;
    if (status < 300) p.resolve();
    else p.reject(new Error(`REST ${status}`));
  };
  const driver: Driver = {
    connect: async () => {
      await events.connect();
      const probe = rest('GET', 'asterisk/ping').then(() => true, () => true);
      const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), PROBE_TIMEOUT_MS).unref());
      if (!(await Promise.race([probe, timeout]))) {
        driver.unavailableReason = 'the server does not answer RESTRequest frames on the event WebSocket';
      }
    },
    onCall: (h) => events.onCall(h),
    originate: (id, endpoint) => rest('POST', `channels?endpoint=${encodeURIComponent(endpoint)}&app=${encodeURIComponent(o.app)}&channelId=${encodeURIComponent(id)}`),
    close: async () => events.close(),
  };
  return driver;
};

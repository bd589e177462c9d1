/** (b) The HTTP floor: plain `ws` for events, keep-alive `http` for REST. */
import http from 'node:http';
import type { Driver, DriverFactory } from '../driver.js';
import { PlainEvents, type RestFn } from './plain-events.js';

/** Builds the plain ws + keep-alive http driver. */
export const create: DriverFactory = (o) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const base = new URL(o.url.endsWith('/') ? o.url : `${o.url}/`);
  const auth = 'Basic ' + Buffer.from(`${o.username}:${o.password}`).toString('base64');
  const rest: RestFn = (method, pathAndQuery) =>
    new Promise((resolve, reject) => {
      const req = http.request(new URL(pathAndQuery, base), { method, agent, headers: { Authorization: auth } }, (res) => {
        res.resume();
        res.on('end', () => ((res.statusCode ?? 500) < 300 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end();
    });
  const events = new PlainEvents(o, () => rest);
  const driver: Driver = {
    connect: () => events.connect(),
    onCall: (h) => events.onCall(h),
    originate: (id, endpoint) => rest('POST', `channels?endpoint=${encodeURIComponent(endpoint)}&app=${encodeURIComponent(o.app)}&channelId=${encodeURIComponent(id)}`),
    close: async () => {
      events.close();
      agent.destroy();
    },
  };
  return driver;
};

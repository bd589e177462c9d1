/** The six clients of the side-by-side run, in the order they run. */
import type { DriverFactory } from './driver.js';

/** One entry of the comparison. */
export interface ClientEntry {
  key: 'a' | 'b' | 'c' | 'd' | 'e' | 'f';
  name: string;
  label: string;
  load: () => Promise<DriverFactory>;
}

/** The comparison, (a) to (f). */
export const CLIENTS: ClientEntry[] = [
  { key: 'a', name: 'ari-client', label: 'ari-client 2.2.0', load: async () => (await import('./drivers/ari-client.js')).create },
  { key: 'b', name: 'plain-http', label: 'plain ws + keep-alive http', load: async () => (await import('./drivers/plain-http.js')).create },
  { key: 'c', name: 'plain-ws', label: 'plain ws, REST over the WebSocket', load: async () => (await import('./drivers/plain-ws.js')).create },
  { key: 'd', name: 'ours-http', label: 'our AriClient, HTTP (compiled JS)', load: async () => (await import('./drivers/ours.js')).createHttp },
  { key: 'e', name: 'ours-ws', label: 'our AriClient, WebSocket (compiled JS)', load: async () => (await import('./drivers/ours.js')).createWebsocket },
  { key: 'f', name: 'ipcom', label: '@ipcom/asterisk-ari 1.0.0', load: async () => (await import('./drivers/ipcom.js')).create },
];

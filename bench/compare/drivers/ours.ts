/**
 * (d) and (e): our AriClient (src/ari), compiled (the bench runs it from
 * dist/), over keep-alive HTTP or with REST over the event WebSocket.
 */
import { AriClient, type AriClientOptions } from '../../../src/ari/client.js';
import type { ChannelHandle } from '../../../src/ari/channel-handle.js';
import { RealClock } from '../../../src/clock/clock.js';
import { silentLogger } from '../../../src/log/logger.js';
import type { Driver, DriverFactory, DriverOptions } from '../driver.js';

/** The transport option of the client (added with REST over the WebSocket). */
type Transport = 'http' | 'websocket';

function build(o: DriverOptions, transport: Transport): Driver {
  const opts = { url: o.url, username: o.username, password: o.password, app: o.app, clock: new RealClock(), logger: silentLogger(), pingIntervalMs: 0, transport };
  const client = new AriClient(opts as AriClientOptions);
  let handler: Parameters<Driver['onCall']>[0] | undefined;
  const driver: Driver = {
    connect: async () => {
      client.on('call', (ch: ChannelHandle) => {
        const t0 = performance.now();
        handler?.(
          {
            id: ch.id,
            ended: ch.endedPromise,
            answer: () => ch.answer(),
            play: async (media) => {
              const r = await ch.play(media);
              if (r.status !== 'finished') throw new Error(`playback ${r.status}`);
            },
            hangup: () => ch.hangup(),
          },
          t0,
        );
      });
      await client.connect();
      if (transport === 'websocket') {
        // `client.transport` (from wt-transport) names the transport REST actually uses.
        const inUse = (client as unknown as { transport?: string }).transport;
        if (inUse !== 'websocket') driver.unavailableReason = `our client does not send REST over the WebSocket here (transport in use: ${inUse ?? 'unknown, option not supported'})`;
      }
    },
    onCall: (h) => (handler = h),
    originate: async (channelId, endpoint) => {
      await client.rest.request('POST', '/channels', { endpoint, app: o.app, channelId });
    },
    close: async () => client.close(),
  };
  return driver;
}

/** (d) our client over keep-alive HTTP. */
export const createHttp: DriverFactory = (o) => build(o, 'http');
/** (e) our client with REST over the event WebSocket. */
export const createWebsocket: DriverFactory = (o) => build(o, 'websocket');

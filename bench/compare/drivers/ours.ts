/**
 * (d) and (e): our AriClient (src/ari), compiled (the bench runs it from
 * dist/), over keep-alive HTTP or with REST over the event WebSocket.
 */
import { AriClient } from '../../../src/ari/client.js';
import type { TransportKind } from '../../../src/ari/transport.js';
import type { ChannelHandle } from '../../../src/ari/channel-handle.js';
import { RealClock } from '../../../src/clock/clock.js';
import { silentLogger } from '../../../src/log/logger.js';
import type { Driver, DriverFactory, DriverOptions } from '../driver.js';

function build(o: DriverOptions, transport: TransportKind): Driver {
  // (e) runs as production does by default ('auto': probe, then the socket), so
  // a server without REST on the WebSocket shows as unavailable, not as timeouts.
  const client = new AriClient({
    url: o.url,
    username: o.username,
    password: o.password,
    app: o.app,
    clock: new RealClock(),
    logger: silentLogger(),
    pingIntervalMs: 0,
    transport: transport === 'websocket' ? 'auto' : 'http',
  });
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
      if (client.transport !== transport) {
        driver.unavailableReason = `our client uses ${client.transport} here: the server does not answer REST on the event WebSocket (Asterisk 20.14+/22.4+ does)`;
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

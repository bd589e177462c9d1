/**
 * (f) @ipcom/asterisk-ari 1.0.0, a current TypeScript client (axios + ws),
 * used as its README shows: instances from the events, playback instances
 * with their own listeners.
 */
import { AriClient, type StasisEnd, type StasisStart } from '@ipcom/asterisk-ari';
import type { Driver, DriverFactory } from '../driver.js';

/** Builds the @ipcom/asterisk-ari driver. */
export const create: DriverFactory = (o) => {
  const url = new URL(o.url);
  const client = new AriClient({ host: url.hostname, port: Number(url.port || 8088), username: o.username, password: o.password, secure: url.protocol === 'https:' });
  const ended = new Map<string, () => void>();
  let handler: Parameters<Driver['onCall']>[0] | undefined;
  return {
    connect: async () => {
      // This client refuses listeners before its socket is up.
      await client.connectWebSocket([o.app]);
      client.on('StasisStart', (event: StasisStart) => {
        const t0 = performance.now();
        const channel = event.instanceChannel;
        const id = event.channel.id;
        if (!channel) return;
        const endedP = new Promise<void>((r) => ended.set(id, r));
        handler?.(
          {
            id,
            ended: endedP,
            answer: () => channel.answer(),
            play: async (media) => {
              const playback = await channel.play({ media });
              await new Promise<void>((r) => playback.once('PlaybackFinished', () => r()));
            },
            hangup: () => channel.hangup(),
          },
          t0,
        );
      });
      client.on('StasisEnd', (event: StasisEnd) => {
        const id = event.channel.id;
        ended.get(id)?.();
        ended.delete(id);
      });
    },
    onCall: (h) => (handler = h),
    originate: async (channelId, endpoint) => {
      await client.channels.originateWithId(channelId, { endpoint, app: o.app });
    },
    close: () => client.closeWebSocket(),
  };
};

/**
 * (a) ari-client 2.2.0, the widely used client: builds its API from the
 * swagger descriptions at connect, one object per channel and playback.
 * Used as its README shows (instance methods, instance events).
 */
import { createRequire } from 'node:module';
import type { Driver, DriverFactory } from '../driver.js';

/** The parts of ari-client's (untyped) API this driver uses. */
interface AriPlayback {
  once(event: 'PlaybackFinished', cb: () => void): void;
}
interface AriChannel {
  id: string;
  answer(): Promise<void>;
  play(opts: { media: string }, playback: AriPlayback): Promise<unknown>;
  hangup(): Promise<void>;
  once(event: 'StasisEnd', cb: () => void): void;
}
interface AriClientLib {
  on(event: 'StasisStart', cb: (event: unknown, channel: AriChannel) => void): void;
  start(app: string): Promise<void>;
  stop(): void;
  Playback(): AriPlayback;
  channels: { originate(o: { endpoint: string; app: string; channelId: string }): Promise<unknown> };
}

const require = createRequire(import.meta.url);
const ari = require('ari-client') as { connect(url: string, user: string, pass: string): Promise<AriClientLib> };

/** Builds the ari-client driver. */
export const create: DriverFactory = (o) => {
  let client: AriClientLib | undefined;
  let handler: Parameters<Driver['onCall']>[0] | undefined;
  return {
    connect: async () => {
      client = await ari.connect(o.url.replace(/\/ari\/?$/, ''), o.username, o.password);
      client.on('StasisStart', (_event, channel) => {
        const t0 = performance.now();
        const c = client as AriClientLib;
        const ended = new Promise<void>((r) => channel.once('StasisEnd', () => r()));
        handler?.(
          {
            id: channel.id,
            ended,
            answer: () => channel.answer(),
            play: async (media) => {
              const playback = c.Playback();
              const finished = new Promise<void>((r) => playback.once('PlaybackFinished', () => r()));
              await channel.play({ media }, playback);
              await finished;
            },
            hangup: () => channel.hangup(),
          },
          t0,
        );
      });
      await client.start(o.app);
    },
    onCall: (h) => (handler = h),
    originate: async (channelId, endpoint) => {
      await client?.channels.originate({ endpoint, app: o.app, channelId });
    },
    close: async () => client?.stop(),
  };
};

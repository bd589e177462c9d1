/**
 * The service assembled: ARI client -> call runner -> hotline flow, with the
 * flow config store and the callback store. Used by main (real Asterisk or
 * the simulator) and by the integration tests, so both run the same code.
 */
import type { Clock } from './clock/clock.js';
import { sleep } from './clock/clock.js';
import type { Logger } from './log/logger.js';
import { AriClient, type AriClientOptions, type OrphanInfo } from './ari/client.js';
import type { ChannelHandle } from './ari/channel-handle.js';
import { OrphanSupervisor } from './call/orphans.js';
import { CallRunner, type ConfigVersion, type Flow } from './call/runner.js';
import type { IdentityService, LookupService } from './call/context.js';
import { hotline } from './flows/hotline.js';
import { afterAgentLeft, resumeAfterInterruption } from './flows/recovery.js';
import { isOpen } from './config/hours.js';
import type { CallbackQueue } from './store/callback-queue.js';
import { MemoryCallbackQueue } from './store/memory-callback-queue.js';
import { startDialer, type RunningDialer } from './dialer/start-dialer.js';
import { loadPromptLengths } from './sounds/prompt-lengths.js';

/** What startService needs. */
export interface ServiceOptions {
  ari: Pick<AriClientOptions, 'url' | 'username' | 'password' | 'app'> & Partial<AriClientOptions>;
  clock: Clock;
  logger: Logger;
  /** Config version new calls take; a ConfigStore's current() fits. */
  currentConfig: () => ConfigVersion;
  /** Where callback requests are kept (default: in memory, for tests). */
  callbacks?: CallbackQueue;
  lookup?: LookupService;
  /** The identity check of an identity-lookup step; the demo back end (no CRM) accepts any digits. */
  verifyIdentity?: IdentityService;
  soundsDir?: string;
  /** Run the callback dialer on this instance (it calls back the requests of this Asterisk's targets while the config's dialer section is enabled). */
  dialer?: { instanceId: string };
  flow?: Flow;
}

/** A running service. */
export interface RunningService {
  client: AriClient;
  runner: CallRunner;
  callbacks: CallbackQueue;
  /** The callback dialer, when started (its 'attempt-ended' reports carry both legs' timelines). */
  dialer: RunningDialer | undefined;
  /** Stops taking calls, lets calls finish within drainMs, then disconnects. */
  stop(drainMs?: number): Promise<void>;
}

/** Connects to ARI (rejects with AriAuthError on bad credentials) and starts answering calls. */
export async function startService(o: ServiceOptions): Promise<RunningService> {
  const callbacks = o.callbacks ?? new MemoryCallbackQueue(o.clock);
  const promptLengthMs = await loadPromptLengths(o.soundsDir);
  const client = new AriClient({ ...o.ari, clock: o.clock, logger: o.logger });
  /** Outbound leg id -> the call it was dialed for. */
  const legs = new Map<string, string>();
  const lookup: LookupService = o.lookup ?? ((req, signal) => sleep(o.clock, req.seconds * 1000, signal).catch(() => undefined));
  const runner = new CallRunner({
    clock: o.clock,
    logger: o.logger,
    currentConfig: o.currentConfig,
    flow: o.flow ?? hotline,
    services: {
      dialer: {
        createChannel: async (endpoint, forCallId) => {
          const leg = await client.createChannel({ endpoint, appArgs: 'dialed' });
          legs.set(leg.id, forCallId);
          void leg.endedPromise.then(() => legs.delete(leg.id));
          return leg;
        },
        createBridge: () => client.createBridge(),
      },
      callbacks,
      lookup,
      verifyIdentity: o.verifyIdentity ?? (async () => true),
      isOpen,
      promptLengthMs,
    },
  });
  client.on('call', (channel: ChannelHandle) => runner.handle(channel));
  const orphans = new OrphanSupervisor({
    logger: o.logger,
    startCall: (channel) => runner.handle(channel, resumeAfterInterruption),
    closeForCaller: (channel) => runner.handle(channel, afterAgentLeft),
    destroyBridge: async (id) => {
      await client.rest.request('DELETE', `/bridges/${encodeURIComponent(id)}`);
    },
  });
  client.on('orphan', (channel: ChannelHandle, info: OrphanInfo) => orphans.adopt(channel, info));
  let dialer: RunningDialer | undefined;
  client.on('readopted', (ids: string[]) => {
    // The dialer's own legs are not callers: it looks after them itself.
    ids = ids.filter((id) => !dialer?.owns(id));
    runner.noteReadopted(ids);
    // A channel whose flow ended while Asterisk was out of reach: one that
    // heard its goodbye is hung up; any other caller is picked up again with
    // an apology. A dialed leg whose call is over is hung up.
    for (const id of ids) {
      const channel = client.channel(id);
      if (!channel || runner.isLive(id)) continue;
      const owner = legs.get(id);
      if (owner !== undefined) {
        if (!runner.isLive(owner)) void channel.hangup().catch(() => undefined);
      } else if (runner.owesOnlyHangup(id)) {
        void channel.hangup().catch(() => undefined);
      } else {
        runner.handle(channel, resumeAfterInterruption);
      }
    }
  });
  await client.connect();
  // After the connect: the dialer reads device states over ARI as it starts.
  if (o.dialer) {
    dialer = await startDialer({ client, queue: callbacks, clock: o.clock, logger: o.logger, currentConfig: o.currentConfig, instanceId: o.dialer.instanceId, promptLengthMs });
  }
  return {
    client,
    runner,
    callbacks,
    dialer,
    async stop(drainMs = 30_000) {
      await dialer?.stop();
      await runner.drain(drainMs);
      client.close();
    },
  };
}

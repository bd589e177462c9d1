/**
 * The dialer on a VirtualClock against the simulator over real sockets,
 * with a MemoryCallbackQueue and the shipped flow config (dialer enabled,
 * plus overrides). Customers are defined by number in the simulator; the
 * colleagues are the shipped targets (sales PJSIP/2001, service-desk
 * PJSIP/2002).
 */
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AriClient } from '../../../src/ari/client.js';
import { LANGUAGES } from '../../../src/config/schema.js';
import { SOUNDS_DIR } from '../../../src/sounds/layout.js';
import { VirtualClock } from '../../../src/clock/virtual-clock.js';
import { silentLogger, type Logger } from '../../../src/log/logger.js';
import type { ConfigVersion } from '../../../src/call/runner.js';
import type { HotlineConfig } from '../../../src/config/schema.js';
import { AbandonMeter } from '../../../src/dialer/abandon-meter.js';
import type { AttemptReport } from '../../../src/dialer/attempt.js';
import { startDialer, type RunningDialer } from '../../../src/dialer/start-dialer.js';
import { SimulatedAsterisk, type EndpointBehaviour } from '../../../src/sim/index.js';
import type { CallbackRequest, NewCallbackRequest } from '../../../src/store/callback-queue.js';
import { MemoryCallbackQueue } from '../../../src/store/memory-callback-queue.js';
import { loadPromptLengths } from '../../../src/sounds/prompt-lengths.js';
import { OPEN_TIME, testConfig, type DeepPartial } from '../../helpers/harness.js';

/** A customer's number in the tests (a mobile: 138...). */
export const CUSTOMER = '13812345678';

/** Options for startDialerFixture. */
export interface DialerFixtureOptions {
  /** Config overrides; dialer.enabled is true unless overridden. */
  config?: DeepPartial<HotlineConfig>;
  endpoints?: Record<string, EndpointBehaviour>;
  startAt?: number;
  /** Instances to start on the one queue (default ['node-a']). */
  instances?: string[];
  /** Builds the abandon meter every instance shares, on the fixture's clock. */
  meter?: (clock: VirtualClock) => AbandonMeter;
  /** Builds the queue every instance shares (default: a MemoryCallbackQueue), e.g. one with a slow claim. */
  queue?: (clock: VirtualClock) => MemoryCallbackQueue;
  /** Where the dialer logs (default: nowhere). */
  logger?: Logger;
  /** Prompt ids the simulated PBX lacks (they fail to play), e.g. to make a customer hear nothing. */
  missingSounds?: string[];
}

/** A sounds folder like the repo's, with symlinks, lacking the given prompt ids. */
function soundsWithout(ids: readonly string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sounds-'));
  for (const lang of LANGUAGES) {
    mkdirSync(path.join(dir, lang));
    for (const f of readdirSync(path.join(SOUNDS_DIR, lang))) {
      if (!ids.includes(f.replace(/\.wav$/, ''))) symlinkSync(path.join(SOUNDS_DIR, lang, f), path.join(dir, lang, f));
    }
  }
  return dir;
}

/** A running fixture. */
export interface DialerFixture {
  clock: VirtualClock;
  sim: SimulatedAsterisk;
  queue: MemoryCallbackQueue;
  dialers: RunningDialer[];
  /** The ARI clients of the instances, in order. */
  clients: AriClient[];
  reports: (AttemptReport & { instance: string })[];
  config: ConfigVersion;
  /** Stores a callback request as the flows would. */
  capture(number?: string, target?: string, extra?: Partial<NewCallbackRequest>): Promise<CallbackRequest>;
  /** Runs the clock until n attempt reports have arrived. */
  untilReports(n: number, maxMs?: number): Promise<void>;
  /** Starts one more instance on the same queue and simulator. */
  addInstance(id: string): Promise<RunningDialer>;
  close(): Promise<void>;
}

/** Starts the simulator and the dialer instance(s). */
export async function startDialerFixture(o: DialerFixtureOptions = {}): Promise<DialerFixture> {
  const clock = new VirtualClock(o.startAt ?? OPEN_TIME);
  const logger = o.logger ?? silentLogger();
  const soundsDir = o.missingSounds ? soundsWithout(o.missingSounds) : undefined;
  const sim = new SimulatedAsterisk({ clock, username: 'test', password: 'test-secret', logger, ...(soundsDir ? { soundsDir } : {}) });
  await sim.start();
  for (const [ep, b] of Object.entries(o.endpoints ?? { 'PJSIP/2001': { kind: 'answer', afterMs: 2_000 }, 'PJSIP/2002': { kind: 'answer', afterMs: 2_000 } })) {
    sim.defineEndpoint(ep, b);
  }
  const config = testConfig({ ...o.config, dialer: { enabled: true, ...o.config?.dialer } });
  const queue = o.queue?.(clock) ?? new MemoryCallbackQueue(clock);
  const meter = o.meter?.(clock);
  const promptLengthMs = await loadPromptLengths();
  const clients: AriClient[] = [];
  const dialers: RunningDialer[] = [];
  const reports: DialerFixture['reports'] = [];
  const addInstance = async (id: string): Promise<RunningDialer> => {
    // One Stasis app per instance: Asterisk gives an app's events to one connection only.
    const client = new AriClient({ url: sim.url, username: 'test', password: 'test-secret', app: `hotline-${id}`, clock, logger, pingIntervalMs: 0 });
    await client.connect();
    clients.push(client);
    const dialer = await startDialer({ client, queue, clock, logger, currentConfig: () => config, instanceId: id, promptLengthMs, ...(meter ? { abandonMeter: meter } : {}) });
    dialer.on('attempt-ended', (r: AttemptReport) => reports.push({ ...r, instance: id }));
    dialers.push(dialer);
    return dialer;
  };
  for (const id of o.instances ?? ['node-a']) await addInstance(id);
  await clock.advance(0);
  return {
    clock,
    sim,
    queue,
    dialers,
    clients,
    reports,
    config,
    addInstance,
    async capture(number = CUSTOMER, target = 'service-desk', extra = {}) {
      const { request } = await queue.capture({
        callId: `call-${number}`,
        number,
        lineType: 'mobile',
        target,
        reason: 'busy',
        language: 'en-US',
        callerNumber: number,
        ...extra,
      });
      return request;
    },
    async untilReports(n, maxMs = 30 * 60_000) {
      await clock.runUntil(() => reports.length >= n, { maxMs });
      await clock.advance(100);
    },
    async close() {
      // An attempt may be telling a colleague what happened: that takes (virtual) time.
      let stopped = false;
      void Promise.all(dialers.map((d) => d.stop())).then(() => (stopped = true));
      await clock.runUntil(() => stopped, { maxMs: 120_000 });
      for (const c of clients) c.close();
      await sim.stop();
    },
  };
}

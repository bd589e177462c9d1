/**
 * Test harness: the simulated Asterisk and the real service over real
 * sockets, both on one VirtualClock, with the shipped flow config (plus
 * overrides). A call placed here runs the same code as production.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { ShiftedClock } from '../../src/clock/shifted-clock.js';
import { silentLogger, type Logger } from '../../src/log/logger.js';
import { HotlineConfigSchema, type HotlineConfig } from '../../src/config/schema.js';
import { startService, type RunningService } from '../../src/service.js';
import type { CallSummary, ConfigVersion } from '../../src/call/runner.js';
import type { IdentityService, LookupService } from '../../src/call/context.js';
import type { AriClientOptions } from '../../src/ari/client.js';
import type { CallbackQueue } from '../../src/store/callback-queue.js';
import { parseTransportMode, type TransportMode } from '../../src/ari/transport.js';
import type { Clock } from '../../src/clock/clock.js';
import { SimulatedAsterisk, type CallerStep, type EndpointBehaviour } from '../../src/sim/index.js';

/**
 * The REST transport the whole suite runs over: ARI_TRANSPORT=http or
 * websocket (CI runs the suite once each); unset means the client's default
 * (auto, which picks the WebSocket against the simulator).
 */
export const TEST_TRANSPORT: TransportMode | undefined = (() => {
  const raw = process.env['ARI_TRANSPORT'];
  if (raw === undefined || raw.trim() === '') return undefined;
  const mode = parseTransportMode(raw);
  if (!mode) throw new Error(`ARI_TRANSPORT must be auto, http or websocket for the tests (got ${raw})`);
  return mode;
})();

/** The client option for TEST_TRANSPORT, for tests that build an AriClient themselves. */
export function testTransport(): { transport?: TransportMode } {
  return TEST_TRANSPORT ? { transport: TEST_TRANSPORT } : {};
}

/** A Tuesday, 10:00 in Asia/Shanghai: inside the shipped opening hours. */
export const OPEN_TIME = Date.UTC(2026, 10, 24, 2, 0, 0);
/** The same Tuesday, 23:00 in Asia/Shanghai: closed. */
export const CLOSED_TIME = Date.UTC(2026, 10, 24, 15, 0, 0);

const CONFIG_FILE = fileURLToPath(new URL('../../flows/hotline.yaml', import.meta.url));

/** Deeply partial, for config overrides. */
export type DeepPartial<T> = {
  [K in keyof T]?: NonNullable<T[K]> extends object ? (NonNullable<T[K]> extends unknown[] ? T[K] : DeepPartial<NonNullable<T[K]>>) : T[K];
};

function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (Array.isArray(over) || typeof over !== 'object' || over === null) return over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out;
}

/** The shipped flow config with overrides applied, checked by the schema. */
export function testConfig(overrides: DeepPartial<HotlineConfig> = {}, version = 'test-v1'): ConfigVersion {
  const raw = parse(readFileSync(CONFIG_FILE, 'utf8')) as unknown;
  return { config: HotlineConfigSchema.parse(merge(raw, overrides)), version };
}

/** Options for startHarness. */
export interface HarnessOptions {
  config?: DeepPartial<HotlineConfig>;
  endpoints?: Record<string, EndpointBehaviour>;
  startAt?: number;
  lookup?: LookupService;
  verifyIdentity?: IdentityService;
  callbacks?: CallbackQueue;
  /** Builds the callback queue on the harness's clock (e.g. one the dialer shares); beats `callbacks`. */
  makeCallbacks?: (clock: Clock) => CallbackQueue;
  /** Where new calls take their config from (default: testConfig(config)). */
  currentConfig?: () => ConfigVersion;
  /** Where the service and the simulator log (default: nowhere). */
  logger?: Logger;
  /** Start the callback dialer in the service (as main.ts does). */
  dialer?: boolean;
  /** Extra ARI client options (backoff, outage grace). */
  ari?: Partial<AriClientOptions>;
}

/** A running sim + service pair. */
export interface Harness {
  clock: VirtualClock;
  /** The date the simulator and the service read (the clock's pace); shiftTo() moves it between calls. */
  calendar: ShiftedClock;
  sim: SimulatedAsterisk;
  service: RunningService;
  /** Swaps the config new calls take (as a hot reload would). */
  setConfig(v: ConfigVersion): void;
  /** Places a call and runs the clock until the service reports it ended. */
  call(script: CallerStep[], from?: string): Promise<CallSummary & { simCall: ReturnType<SimulatedAsterisk['placeCall']> }>;
  /** Places a call without running the clock; `ended()` tells when the service has finished it. */
  place(script: CallerStep[], from?: string): { id: string; ended: () => CallSummary | undefined };
  close(): Promise<void>;
}

/** Starts the simulator and the service on one VirtualClock. */
export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const clock = new VirtualClock(o.startAt ?? OPEN_TIME);
  const calendar = new ShiftedClock(clock, clock.now());
  const logger = o.logger ?? silentLogger();
  const sim = new SimulatedAsterisk({ clock: calendar, username: 'test', password: 'test-secret', logger });
  await sim.start();
  for (const [ep, b] of Object.entries(o.endpoints ?? { 'PJSIP/2001': { kind: 'answer', afterMs: 3_000, hangupAfterMs: 5_000 }, 'PJSIP/2002': { kind: 'busy' } })) {
    sim.defineEndpoint(ep, b);
  }
  let current = testConfig(o.config);
  const service = await startService({
    ari: { url: sim.url, username: 'test', password: 'test-secret', app: 'hotline', pingIntervalMs: 0, ...testTransport(), ...o.ari },
    clock: calendar,
    logger,
    currentConfig: o.currentConfig ?? (() => current),
    ...(o.lookup ? { lookup: o.lookup } : {}),
    ...(o.verifyIdentity ? { verifyIdentity: o.verifyIdentity } : {}),
    ...(o.makeCallbacks ? { callbacks: o.makeCallbacks(calendar) } : o.callbacks ? { callbacks: o.callbacks } : {}),
    ...(o.dialer ? { dialer: { instanceId: 'test-node' } } : {}),
  });
  // Let start-up I/O (the on-connect orphan check) finish before tests take baselines.
  await clock.advance(0);
  // A forced mode that silently fell back would run the suite over the other transport.
  const wanted = o.ari?.transport ?? TEST_TRANSPORT;
  if (wanted && wanted !== 'auto' && service.client.transport !== wanted) {
    throw new Error(`harness: asked for ARI transport ${wanted}, the client uses ${service.client.transport}`);
  }
  const ended = new Map<string, CallSummary>();
  service.runner.on('call-ended', (s: CallSummary) => ended.set(s.id, s));
  return {
    clock,
    calendar,
    sim,
    service,
    setConfig(v) {
      current = v;
    },
    async call(script, from = '13912345678') {
      const simCall = sim.placeCall({ app: 'hotline', from, to: '4000', script });
      await clock.runUntil(() => ended.has(simCall.id), { maxMs: 30 * 60_000 });
      // Let the simulator finish tearing the channel down.
      await clock.advance(100);
      const s = ended.get(simCall.id) as CallSummary;
      // A scripted caller that never got what it waited for means the call did
      // not go the way the test says: fail here instead of passing on a detour.
      const stuck = simCall.log.filter((e) => e.kind === 'step-timeout' || e.kind === 'step-unfinished');
      if (stuck.length > 0) {
        throw new Error(`the scripted caller timed out waiting for ${stuck.map((e) => ('step' in e ? e.step : '?')).join(', ')}; the call heard: ${promptsPlayed(s).join(', ')}`);
      }
      return { ...s, simCall };
    },
    place(script, from = '13912345678') {
      const simCall = sim.placeCall({ app: 'hotline', from, to: '4000', script });
      return { id: simCall.id, ended: () => ended.get(simCall.id) };
    },
    async close() {
      await service.stop(0);
      await sim.stop();
    },
  };
}

/** Timeline entries of a kind, optionally for one prompt id. */
export function at(s: CallSummary, kind: string, prompt?: string): number[] {
  return s.timeline.filter((e) => e.kind === kind && (prompt === undefined || e['prompt'] === prompt)).map((e) => e.t);
}

/** Prompt ids in the order they started. */
export function promptsPlayed(s: CallSummary): string[] {
  return s.timeline.filter((e) => e.kind === 'prompt-started').map((e) => String(e['prompt']));
}

/**
 * The controller under scale load, in a process of its own (forked with an
 * IPC channel and --expose-gc): the real service (startService, the hotline
 * flow, flows/hotline.yaml) against the simulator, with measuring hooks
 * around it that change nothing it does: a clock that notes timer lateness,
 * the event -> command reaction meter on the client's router and REST
 * client, the event-loop delay monitor, CPU and heap. The look-up a held
 * caller waits for never finishes, so held calls stay parked in the hold
 * (check-ins every 30 s) until the bench hangs them up.
 * Messages in: start, baseline, window-start, window-end, storm, stop;
 * each is answered with a message of the same op.
 */
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { ChannelHandle } from '../../src/ari/channel-handle.js';
import { ShiftedClock } from '../../src/clock/shifted-clock.js';
import { ConfigStore } from '../../src/config/store.js';
import { simulatorMoment } from '../../src/demo/demo-moments.js';
import { createLogger } from '../../src/log/logger.js';
import { startService, type RunningService } from '../../src/service.js';
import { MeasuringClock } from './measuring-clock.js';
import { ReactionMeter, channelOfEvent, channelOfPath } from './reaction-meter.js';
import { ReadoptionTimer } from './readoption-timer.js';

/** Messages the bench sends. */
export type ControllerRequest =
  | { op: 'start'; url: string; username: string; password: string; app: string }
  | { op: 'baseline' }
  | { op: 'window-start' }
  | { op: 'window-end' }
  | { op: 'storm'; timeoutMs: number }
  | { op: 'stop' };

/** What window-end reports. */
export interface WindowFigures {
  liveCalls: number;
  callsSeen: number;
  eventToCommand: { count: number; p50: number; p99: number; max: number };
  timerLateness: { count: number; p50: number; p99: number; max: number };
  loopDelay: { p99: number; max: number };
  /** Controller CPU (ms) since the baseline. */
  cpuMsSinceBaseline: number;
  /** Heap after a full GC minus the baseline's (bytes). */
  heapGrowthBytes: number;
  /** Garbage collections in the window: how many, their total and longest pause (ms), to tell a GC stall from others. */
  gc: { count: number; totalMs: number; maxMs: number; maxKind: number };
}

const gc = (globalThis as { gc?: () => void }).gc;
const send = (m: Record<string, unknown>): void => {
  process.send?.(m);
};

let service: RunningService | undefined;
const clock = new MeasuringClock();
const reactions = new ReactionMeter(() => performance.now(), (fn) => setImmediate(fn));
// The monitor records the time between its 10 ms ticks; the delay is what exceeds the tick.
const LOOP_TICK_MS = 10;
const loop = monitorEventLoopDelay({ resolution: LOOP_TICK_MS });
const loopDelayMs = (ns: number): number => Math.max(0, ns / 1e6 - LOOP_TICK_MS);
const live = new Set<string>();
let callsSeen = 0;
let cpuBase = process.cpuUsage();
let heapBase = 0;
const gcPauses = { count: 0, totalMs: 0, maxMs: 0, maxKind: 0 };
let windowStartedAt = Infinity;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    // Entries arrive late: the baseline's forced collections must not count in the window.
    if (e.startTime < windowStartedAt) continue;
    gcPauses.count++;
    gcPauses.totalMs += e.duration;
    if (e.duration > gcPauses.maxMs) {
      gcPauses.maxMs = e.duration;
      // perf_hooks constants: 1 minor (scavenge), 4 major (mark-compact), 8 incremental marking, 16 weak callbacks.
      gcPauses.maxKind = (e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0;
    }
  }
}).observe({ entryTypes: ['gc'] });

function heapAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

async function start(m: Extract<ControllerRequest, { op: 'start' }>): Promise<void> {
  // Warnings and errors only, to stderr: info lines for thousands of calls
  // would measure the terminal. Production's LOG_LEVEL=info costs more.
  const logger = createLogger({ level: 'warn', json: true, secrets: [m.password] });
  const store = await ConfigStore.open('flows/hotline.yaml', { logger, watch: false });
  // Inside opening hours whatever the machine's time, as `npm start` on the simulator does.
  const shifted = new ShiftedClock(clock, simulatorMoment(store.current().config.hours, Date.now()).pretend);
  service = await startService({
    ari: { url: m.url, username: m.username, password: m.password, app: m.app, transport: 'auto' },
    clock: shifted,
    logger,
    currentConfig: () => store.current(),
    // The look-up never finishes: held callers stay on hold with their check-ins.
    lookup: (_req, signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true })),
  });
  const client = service.client;
  client.on('call', (ch: ChannelHandle) => {
    callsSeen++;
    live.add(ch.id);
    void ch.endedPromise.then(() => live.delete(ch.id));
  });
  // Hooks at the edges of the client: an event as it is routed, a command as it is sent.
  const router = client.router;
  const dispatch = router.dispatch.bind(router);
  router.dispatch = (event) => {
    const id = channelOfEvent(event as unknown as Record<string, unknown>);
    if (id !== undefined) reactions.event(id);
    return dispatch(event);
  };
  const rest = client.rest;
  const command = rest.command.bind(rest);
  rest.command = (method, path, query, body) => {
    const id = channelOfPath(path);
    if (id !== undefined) reactions.command(id);
    return command(method, path, query, body);
  };
  const request = rest.request.bind(rest);
  rest.request = ((method: string, path: string, ...rest: unknown[]) => {
    const id = channelOfPath(path);
    if (id !== undefined) reactions.command(id);
    return (request as (...a: unknown[]) => Promise<unknown>)(method, path, ...rest);
  }) as typeof rest.request;
}

function windowEnd(): WindowFigures {
  loop.disable();
  windowStartedAt = Infinity;
  const cpu = process.cpuUsage(cpuBase);
  const r = reactions.latency;
  const t = clock.lateness;
  const figures: WindowFigures = {
    liveCalls: live.size,
    callsSeen,
    eventToCommand: { count: r.count, p50: r.quantile(0.5), p99: r.quantile(0.99), max: r.max },
    timerLateness: { count: t.count, p50: t.quantile(0.5), p99: t.quantile(0.99), max: t.max },
    loopDelay: { p99: loopDelayMs(loop.percentile(99)), max: loopDelayMs(loop.max) },
    cpuMsSinceBaseline: (cpu.user + cpu.system) / 1000,
    heapGrowthBytes: 0,
    gc: { ...gcPauses },
  };
  // GC after the loop monitor stopped: the collection's pause is ours, not the service's.
  figures.heapGrowthBytes = heapAfterGc() - heapBase;
  return figures;
}

async function storm(timeoutMs: number): Promise<void> {
  const client = (service as RunningService).client;
  const timer = new ReadoptionTimer(new Set(live), () => performance.now());
  const finished = new Promise<void>((resolve) => {
    const onUp = (state: string): void => {
      if (state === 'up') timer.linkUp();
    };
    const onReadopted = (ids: string[]): void => {
      if (timer.readopted(ids)) done();
    };
    const limit = setTimeout(() => done(), timeoutMs);
    const done = (): void => {
      clearTimeout(limit);
      client.off('connection', onUp);
      client.off('readopted', onReadopted);
      resolve();
    };
    client.on('connection', onUp);
    client.on('readopted', onReadopted);
  });
  loop.reset();
  loop.enable();
  timer.dropped();
  client.dropConnectionForTest();
  await finished;
  loop.disable();
  send({ op: 'storm', ...timer.result(), loopDelayMaxMs: loopDelayMs(loop.max), liveCalls: live.size });
}

// The bench went away (killed, crashed): do not outlive it.
process.on('disconnect', () => process.exit(0));
process.on('message', (m: ControllerRequest) => {
  void (async () => {
    switch (m.op) {
      case 'start':
        await start(m);
        send({ op: 'start' });
        break;
      case 'baseline':
        heapBase = heapAfterGc();
        cpuBase = process.cpuUsage();
        send({ op: 'baseline', heapBytes: heapBase });
        break;
      case 'window-start':
        Object.assign(gcPauses, { count: 0, totalMs: 0, maxMs: 0, maxKind: 0 });
        windowStartedAt = performance.now();
        reactions.latency.reset();
        clock.lateness.reset();
        loop.reset();
        loop.enable();
        send({ op: 'window-start' });
        break;
      case 'window-end':
        send({ op: 'window-end', ...windowEnd() });
        break;
      case 'storm':
        await storm(m.timeoutMs);
        break;
      case 'stop':
        await service?.stop(1000);
        send({ op: 'stop' });
        process.exit(0);
    }
  })().catch((err: unknown) => {
    send({ op: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) });
  });
});
send({ op: 'ready' });

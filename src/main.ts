/**
 * The service's entry point. Reads settings from the environment or .env,
 * loads the flow config (hot reload on change and SIGHUP), connects to
 * Asterisk over ARI — or, with no ARI_URL, starts the built-in simulated
 * Asterisk and places the demo calls — and on SIGINT/SIGTERM stops taking
 * calls, lets current calls finish politely within a bound, then exits.
 *
 *   npm start          serve (demo calls on the simulator when no ARI_URL)
 *   npm run demo       demo calls on the simulator's virtual clock, then exit (1 if any went wrong)
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import dotenv from 'dotenv';
import { RealClock, type Clock } from './clock/clock.js';
import { VirtualClock } from './clock/virtual-clock.js';
import { ShiftedClock } from './clock/shifted-clock.js';
import { describeMoment } from './config/hours-search.js';
import type { Hours } from './config/schema.js';
import { demoMoments, simulatorMoment } from './demo/demo-moments.js';
import { sleep } from './clock/clock.js';
import { createLogger, type Logger } from './log/logger.js';
import { EnvError, readEnv, type ServiceEnv } from './env.js';
import { ConfigInvalidError, ConfigStore } from './config/store.js';
import { reloadOnSignal } from './config/store.js';
import { AriAuthError } from './ari/errors.js';
import { startService, type RunningService } from './service.js';
import { SimulatedAsterisk } from './sim/index.js';
import { DEMO_ENDPOINTS, SLOW_LOOKUP_CALLER, SLOW_LOOKUP_SECONDS } from './demo/scenarios.js';
import { runDemoCalls } from './demo/run-demo.js';
import type { AttemptReport } from './dialer/attempt.js';
import { formatTimeline } from './call/timeline.js';
import { opsOptionsFromEnv, type OpsEnv } from './ops/options.js';
import { startOpsServer, type OpsServer } from './ops/server.js';
import { serviceReadiness } from './ops/readiness.js';
import { ariRecordingFetcher } from './ops/ari-recording.js';
import type { LookupService } from './call/context.js';
import { checkCallbackQueueEnv, databaseUrlPassword, describeCallbackQueue, openCallbackQueue } from './store/open-callback-queue.js';
import { RetryingCallbackQueue } from './store/retrying-callback-queue.js';
import type { CallRecordStore } from './store/call-records.js';
import { callRecordRetention, openCallRecords } from './store/open-call-records.js';
import { RetryingCallRecords } from './store/retrying-call-records.js';
import { standardsThresholds } from './ops/standards-check/thresholds.js';

interface Args {
  demo: boolean;
  realTime: boolean;
}

function parseArgs(argv: string[]): Args {
  return { demo: argv.includes('--demo'), realTime: argv.includes('--real-time') };
}

async function main(): Promise<number> {
  dotenv.config({ quiet: true });
  const args = parseArgs(process.argv.slice(2));
  let env: ServiceEnv;
  let opsEnv: OpsEnv;
  try {
    env = readEnv();
    opsEnv = opsOptionsFromEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`hotline: ${err.message}`);
      return 1;
    }
    throw err;
  }
  // The demo prints whole timelines; per-entry log lines would repeat them.
  const level = args.demo && !process.env['LOG_LEVEL'] ? 'warn' : env.logLevel;
  const dbPassword = databaseUrlPassword(process.env);
  const logger = createLogger({ level, secrets: [env.ariPassword, ...(opsEnv.token ? [opsEnv.token] : []), ...(dbPassword ? [dbPassword] : [])] });

  let store: ConfigStore;
  try {
    store = await ConfigStore.open(env.flowConfig, { logger, watch: !args.demo });
  } catch (err) {
    if (err instanceof ConfigInvalidError) {
      console.error(err.report);
      console.error('hotline: the flow config has errors; fix them (see `npm run check`) and start again');
      return 1;
    }
    throw err;
  }
  const stopHup = reloadOnSignal(store);

  const simulated = !env.ariUrl;
  const timing = simulated ? simulatedTiming(args, store.current().config.hours) : { clock: new RealClock() as Clock, base: undefined };
  const clock: Clock = timing.clock;
  let sim: SimulatedAsterisk | undefined;
  let ari = { url: env.ariUrl ?? '', username: env.ariUsername, password: env.ariPassword, app: env.ariApp };
  let lookup: LookupService | undefined;
  if (simulated) {
    const password = randomBytes(16).toString('hex');
    sim = new SimulatedAsterisk({ clock, username: 'hotline', password, logger });
    await sim.start();
    for (const [endpoint, behaviour] of Object.entries(DEMO_ENDPOINTS)) sim.defineEndpoint(endpoint, behaviour);
    ari = { url: sim.url, username: 'hotline', password, app: env.ariApp };
    lookup = (req, signal) =>
      sleep(clock, (req.callerNumber === SLOW_LOOKUP_CALLER ? SLOW_LOOKUP_SECONDS : req.seconds) * 1000, signal).catch(() => undefined);
    logger.info(`no ARI_URL set: running on the built-in simulated Asterisk (${sim.url})`);
  }

  // Callback requests are promises to callers: on disk (SQLite by default,
  // PostgreSQL with DATABASE_URL). The demo on virtual time keeps its own
  // throwaway queue so every run starts from the same state.
  const queueEnv = args.demo ? { ...process.env, DATABASE_URL: '', CALLBACK_DB_PATH: ':memory:' } : process.env;
  try {
    checkCallbackQueueEnv(queueEnv);
    callRecordRetention(queueEnv);
  } catch (err) {
    console.error(`hotline: ${(err as Error).message}`);
    stopHup();
    store.close();
    await sim?.stop();
    return 1;
  }
  // A store that cannot be opened yet (database down, file locked) is
  // retried in the background; calls are answered meanwhile.
  const where = describeCallbackQueue({ env: queueEnv, cwd: process.cwd() });
  const callbacks = new RetryingCallbackQueue({ open: () => openCallbackQueue({ env: queueEnv, clock, cwd: process.cwd() }), clock, logger, where });
  await callbacks.firstAttempt;
  if (callbacks.isOpen) logger.info(`callback requests are kept in ${where}`);

  let service: RunningService;
  try {
    service = await startService({ ari: { ...ari, transport: env.ariTransport }, clock, logger, callbacks, dialer: { instanceId: `${hostname()}-${process.pid}` }, currentConfig: () => store.current(), ...(lookup ? { lookup } : {}) });
  } catch (err) {
    // The ARI client has already logged the one clear line about it.
    await callbacks.close();
    if (err instanceof AriAuthError) return 1;
    throw err;
  }
  const version = await service.client.asteriskVersion().catch(() => 'unknown');
  logger.info(`connected to Asterisk ${version} as app "${env.ariApp}"; flow config ${store.current().version}`);

  // The ops port (health, metrics, calls, the callback queue, the live page).
  // Not for the one-shot demo; a port already taken costs the ops view, never the calls.
  let ops: OpsServer | undefined;
  let records: CallRecordStore | undefined;
  if (!args.demo) {
    // Finished calls' timelines, beside the callback queue, so a restart keeps them for review;
    // opened (and retried) in the background: a database that is down delays nothing.
    records = new RetryingCallRecords({ open: () => openCallRecords({ env: queueEnv, clock, cwd: process.cwd() }), clock, logger });
    try {
      ops = await startOpsServer({
        records,
        standards: () => standardsThresholds(store.current().config),
        ...(service.dialer ? { dialer: service.dialer } : {}),
        ...opsEnv,
        runner: service.runner,
        queue: callbacks,
        ready: serviceReadiness(service),
        clock,
        logger,
        configVersion: () => store.current().version,
        ...(store.current().config.hours?.timezone ? { timeZone: store.current().config.hours?.timezone } : {}),
        // On the simulator too: it keeps each recording's audio under /recordings/stored/{name}/file like Asterisk.
        fetchRecording: ariRecordingFetcher({ url: ari.url, username: ari.username, password: ari.password, clock }),
      });
      logger.info(`ops page and metrics on ${ops.url}/ (${opsEnv.token ? 'open it with #token=<OPS_TOKEN>' : 'no OPS_TOKEN set: this machine only'})`);
    } catch (err) {
      logger.error(`the ops server did not start on ${opsEnv.host}:${opsEnv.port}: ${(err as Error).message}; calls are answered without it`);
    }
  }

  let shuttingDown: Promise<number> | undefined;
  const shutdown = (why: string): Promise<number> => {
    if (!shuttingDown) {
      shuttingDown = (async () => {
        logger.info(`${why}: no new calls; letting ${service.runner.activeCalls()} call(s) finish (up to ${env.drainSeconds} s)`);
        await service.stop(env.drainSeconds * 1000);
        await ops?.close();
        await records?.close();
        stopHup();
        store.close();
        await callbacks.close();
        await sim?.stop();
        return 0;
      })();
    }
    return shuttingDown;
  };

  // Signals are handled from here on, demo calls or not: Ctrl-C always drains politely.
  const stopped = waitForSignal(logger, shutdown);
  if (!sim) {
    service.runner.on('call-ended', (s) => logger.info('call ended', { callId: s.id, endedBy: s.endedBy, cause: s.cause }));
    return stopped;
  }
  const virtual = timing.base instanceof VirtualClock;
  console.log(`${timing.message}.`);
  console.log(`Placing ${args.demo ? 'the' : 'some'} demo calls on the simulated Asterisk${virtual ? ' (virtual clock)' : ''}...`);
  const hours = store.current().config.hours;
  const demo = runDemoCalls({
    sim,
    runner: service.runner,
    callbacks: service.callbacks,
    clock: timing.base ?? clock,
    app: env.ariApp,
    onCallEnded: (sc, s) => printTimeline(sc.name, s.formatted),
    ...(timing.closedAt !== undefined && timing.clock instanceof ShiftedClock ? { closedPhase: { calendar: timing.clock, at: timing.closedAt } } : {}),
    onPhase: (phase, at) =>
      console.log(
        phase === 'closed'
          ? `\nThe open-hours calls are done; the simulator now pretends it is ${describeMoment(hours, at)}, after closing, for the closed-hours call...`
          : `\nThe callers are done; the service desk is free now, the simulator pretends it is ${describeMoment(hours, at)}, and the dialer calls back every request they left (within the dialer's calling hours)...`,
      ),
    ...(service.dialer
      ? { callbackPhase: { dialer: service.dialer, onAttempt: (r: AttemptReport) => printAttempt(r), ...(store.current().config.dialer?.callingHours ? { callingHours: store.current().config.dialer?.callingHours } : {}) } }
      : {}),
  }).then((results) => {
    // Calls cut short by a shutdown are not demo failures: say nothing.
    if (shuttingDown) return 0;
    for (const r of results) console.log(`${r.problem ? 'FAIL' : 'ok  '}  ${r.scenario}${r.problem ? `: ${r.problem}` : ''}`);
    return results.filter((r) => r.problem).length;
  });
  if (args.demo) {
    const outcome = await Promise.race([demo.then((failed) => ({ failed })), stopped.then((code) => ({ code }))]);
    if ('code' in outcome) return outcome.code;
    await shutdown('demo finished');
    return outcome.failed ? 1 : 0;
  }
  void demo.then(
    () => {
      if (!shuttingDown) console.log('Demo calls done. The service keeps running on the simulator; press Ctrl-C to stop.');
    },
    (err: unknown) => logger.error(`demo calls failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  return stopped;
}

/** The clocks a simulator run uses, and what it tells the console about the moment it pretends. */
interface SimulatedTiming {
  /** What the service and the simulator read: the pretended date at the base clock's pace. */
  clock: Clock;
  /** The clock that really runs (virtual for `npm run demo`). */
  base: Clock | undefined;
  closedAt?: number;
  message?: string;
}

/**
 * On the simulator the date is pretended, never the machine's: the demo
 * runs at fixed moments from the flow config's hours, and `npm start` runs
 * at the real time only while the hotline is open (otherwise at the next
 * opening). SIM_NOW (ISO 8601) stands in for the real time, so tests can
 * check a night-time start without waiting for night.
 */
function simulatedTiming(args: Args, hours: Hours | undefined): SimulatedTiming {
  if (args.demo && !args.realTime) {
    const moments = demoMoments(hours);
    const base = new VirtualClock(moments.open);
    return {
      clock: new ShiftedClock(base, moments.open),
      base,
      ...(moments.closed !== undefined ? { closedAt: moments.closed } : {}),
      message: `The demo runs at a fixed moment inside opening hours, ${describeMoment(hours, moments.open)}, whatever the time on this machine`,
    };
  }
  const simNow = process.env['SIM_NOW'];
  const realNow = simNow ? Date.parse(simNow) : Date.now();
  if (Number.isNaN(realNow)) throw new Error(`SIM_NOW is not an ISO 8601 time: ${simNow ?? ''}`);
  const base = new RealClock();
  const moment = simulatorMoment(hours, realNow);
  const closed = demoMoments(hours, moment.pretend).closed;
  return {
    clock: new ShiftedClock(base, moment.pretend),
    base,
    ...(closed !== undefined ? { closedAt: closed } : {}),
    message: `On the simulator: ${moment.message}`,
  };
}

/** Both legs of a callback attempt, as the demo shows them. */
function printAttempt(r: AttemptReport): void {
  console.log(`\n=== callback ${r.requestId}: ${r.outcome} (${r.reason}) ===\n--- colleague's leg ---\n${formatTimeline(r.colleague)}\n--- customer's leg ---\n${formatTimeline(r.customer)}`);
}

function printTimeline(name: string, formatted: string): void {
  console.log(`\n=== ${name} ===\n${formatted}`);
}

function waitForSignal(logger: Logger, shutdown: (why: string) => Promise<number>): Promise<number> {
  return new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = (sig: NodeJS.Signals): void => {
      signals++;
      if (signals > 1) {
        logger.warn(`${sig} again: exiting now`);
        resolve(130);
        return;
      }
      void shutdown(sig).then(resolve);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`hotline: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);


/**
 * The callback dialer of one controller instance: keeps the promises the
 * flows made ("we will call you back"). One worker per target of the flow
 * config (a colleague takes one call at a time): it waits until the
 * target's phone is free (device state), claims the oldest due request for
 * that target with a lease, and runs one attempt (src/dialer/attempt.ts).
 * Several instances may share one queue: the claim hands a request to one
 * of them, the lease (renewed while dialing) keeps it there, and a request
 * whose instance died goes back to the queue when the lease runs out.
 *
 * Rules it keeps: calls only inside dialer.callingHours (nothing is claimed
 * outside them, and retries are moved to the next opening), never a number
 * on the do-not-call file or list, nothing after a final status, and the
 * abandon meter's pace (fewer calls at once and longer gaps as the abandon
 * share nears 3 %, none at all at the limit).
 *
 * Events: 'attempt-ended' (AttemptReport) after each attempt;
 * 'skipped' ({ requestId, reason }) for a request closed without a dial.
 */
import { EventEmitter } from 'node:events';
import type { Clock } from '../clock/clock.js';
import { sleep } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import type { ConfigVersion } from '../call/runner.js';
import type { Hours } from '../config/schema.js';
import type { CallbackQueue, CallbackRequest } from '../store/callback-queue.js';
import type { PromptLengths } from '../sounds/prompt-lengths.js';
import { AbandonMeter } from './abandon-meter.js';
import { runAttempt, type AttemptDeps, type AttemptReport } from './attempt.js';
import { mayCall, nextCallingTime } from './calling-hours.js';
import { deviceOfDial, isDialableNumber } from './dial-strings.js';
import { doNotCallReason } from './do-not-call.js';
import { leaseMsFor } from './lease-keeper.js';
import { TargetFreeTracker, type DeviceStateSource } from './target-free.js';
import type { LegClient } from './place-leg.js';
import type { BridgeHandle } from '../ari/bridge.js';

/** What startDialer needs; the service's AriClient is the client. */
export interface DialerOptions {
  client: LegClient &
    DeviceStateSource & {
      createBridge(): Promise<BridgeHandle>;
      on(event: 'connection', listener: (state: 'up' | 'down') => void): unknown;
      off(event: 'connection', listener: (state: 'up' | 'down') => void): unknown;
    };
  queue: CallbackQueue;
  clock: Clock;
  logger: Logger;
  /** The config version each attempt takes (hot reload swaps what this returns). */
  currentConfig: () => ConfigVersion;
  /** Names this instance in leases and attempts. */
  instanceId: string;
  /** Shared abandon meter (default: a new one, 24 h window). */
  abandonMeter?: AbandonMeter;
  promptLengthMs?: PromptLengths;
}

/** A running dialer. */
export interface RunningDialer extends EventEmitter {
  /** Stops claiming; attempts still ringing or in their opening are hung up unrecorded (their lease runs out, another instance takes over). Conversations already bridged go on. */
  stop(): Promise<void>;
  /** True for a channel that is one of the dialer's legs (the service must not treat it as a caller after a reconnect). */
  owns(channelId: string): boolean;
  /** Attempts in progress. */
  active(): number;
  readonly meter: AbandonMeter;
}

/** Starts the dialer's workers; they idle while dialer.enabled is false. */
export async function startDialer(o: DialerOptions): Promise<RunningDialer> {
  const events = new EventEmitter() as RunningDialer;
  const stopper = new AbortController();
  const meter = o.abandonMeter ?? new AbandonMeter(o.clock);
  const owned = new Set<string>();
  const log = o.logger.child({ component: 'dialer', instance: o.instanceId });
  // Targets (and their devices) as the config had them at start: a target added later needs a restart.
  const targets = Object.entries(o.currentConfig().config.targets).map(([name, t]) => ({ name, device: deviceOfDial(t.dial) }));
  const devices = [...new Set(targets.map((t) => t.device).filter((d): d is string => d !== undefined))];
  const tracker = new TargetFreeTracker(o.client, devices);
  await tracker.start();
  // Device-state changes while the event socket was down reached nobody: read the states again.
  const onConnection = (state: 'up' | 'down'): void => {
    if (state === 'up') void tracker.refresh();
  };
  o.client.on('connection', onConnection);
  let running = 0;
  const deps: AttemptDeps = {
    client: o.client,
    queue: o.queue,
    clock: o.clock,
    log,
    instance: o.instanceId,
    meter,
    owned,
    ...(o.promptLengthMs ? { promptLengthMs: o.promptLengthMs } : {}),
  };

  /** Sleeps on the clock; false once the dialer stops. */
  const pause = async (ms: number): Promise<boolean> => {
    try {
      await sleep(o.clock, Math.max(0, ms), stopper.signal);
      return true;
    } catch {
      return false;
    }
  };

  // A store that is down (PostgreSQL gone, a locked file) fails every worker's
  // claim at every poll: one error line when it starts, one info line when it
  // ends, the repeats at debug, instead of a line per target per poll.
  let failing: string | undefined;
  const storeTrouble = (err: unknown, targetName: string): void => {
    const message = err instanceof Error ? err.message : String(err);
    if (failing === undefined) log.error(`dialer: the callback queue failed; no callback is dialled until it answers again (tried every poll): ${message}`, { target: targetName });
    else log.debug(`dialer: the callback queue still fails: ${message}`, { target: targetName });
    failing = message;
  };
  const storeBack = (): void => {
    if (failing === undefined) return;
    failing = undefined;
    log.info('dialer: the callback queue answers again; dialling resumes');
  };

  /** Calls at once the meter allows now: all of maxConcurrent below its slow-down mark, fewer as it rises, none at the limit. */
  const allowedNow = (maxConcurrent: number): number => {
    const slow = meter.slowdown();
    if (!Number.isFinite(slow)) return 0;
    return Math.max(1, Math.floor(maxConcurrent / slow));
  };

  /** Closes a request that must not be dialled; true when it was handled so. */
  const screen = async (req: CallbackRequest, doNotCallFile: string | undefined): Promise<boolean> => {
    let why: string | undefined;
    if (!isDialableNumber(req.number)) why = 'the number is not digits only';
    else why = await doNotCallReason(req.number, o.queue, doNotCallFile, o.clock);
    if (why === undefined) return false;
    // Nothing was dialled: the request is closed, not given a fake attempt.
    await o.queue.cancel(req.id, `dialer ${o.instanceId}: ${why}`);
    log.info('callback not dialled', { request: req.id, reason: why });
    events.emit('skipped', { requestId: req.id, reason: why });
    return true;
  };

  /**
   * A request in hand (claimed) when calls may no longer be made: the hours
   * were checked before the claim, but a slow store (a lock wait, a
   * reconnect) or a slow do-not-call check can carry the claim past closing.
   * It is given back with notBefore at the next opening, so no instance holds
   * it overnight and none tries it early, and no attempt is recorded: nobody
   * was called. True when it was handled so.
   */
  const outsideHours = async (req: CallbackRequest, hours: Hours | undefined): Promise<boolean> => {
    const now = o.clock.now();
    if (mayCall(hours, now)) return false;
    // Hours that never open in the next two weeks: look again in a day (the config may change).
    const opens = nextCallingTime(hours, now) ?? now + 24 * 3_600_000;
    const notBefore = new Date(opens).toISOString();
    const released = await o.queue.release(req.id, o.instanceId, notBefore);
    // Not released (the lease was lost meanwhile): whoever holds it now checks the hours too.
    log.info('callback claimed outside calling hours: given back until the next opening', { request: req.id, notBefore, released });
    events.emit('skipped', { requestId: req.id, reason: `outside calling hours, due again ${notBefore}` });
    return true;
  };

  const worker = async (target: { name: string; device: string | undefined }): Promise<void> => {
    while (!stopper.signal.aborted) {
      const { config, version } = o.currentConfig();
      const d = config.dialer;
      const pollMs = (d?.pollSeconds ?? 15) * 1000;
      const t = config.targets[target.name];
      if (!d || !d.enabled || !t) {
        if (!(await pause(pollMs))) return;
        continue;
      }
      const now = o.clock.now();
      if (!mayCall(d.callingHours, now)) {
        // Nothing is claimed outside calling hours; wake at the next opening or the next poll,
        // whichever is first: a poll sees a config change, and a clock whose date was moved
        // (the simulator's pretended moment in `npm start`) is read again within a poll.
        const opens = nextCallingTime(d.callingHours, now) ?? now + pollMs;
        if (!(await pause(Math.min(Math.max(opens - now, 1_000), pollMs)))) return;
        continue;
      }
      if (running >= allowedNow(d.maxConcurrent)) {
        if (!(await pause(pollMs))) return;
        continue;
      }
      if (target.device !== undefined && tracker.state(target.device) !== 'NOT_INUSE') {
        // Wait for the phone to be free, but look again each poll (config, pace, shutdown).
        const waited = new AbortController();
        const onStop = (): void => waited.abort();
        stopper.signal.addEventListener('abort', onStop, { once: true });
        const timer = o.clock.setTimeout(() => waited.abort(), pollMs);
        await tracker.waitFree(target.device, waited.signal);
        o.clock.clearTimeout(timer);
        stopper.signal.removeEventListener('abort', onStop);
        continue;
      }
      running++;
      let report: AttemptReport | undefined;
      try {
        const [req] = await o.queue.claim({ instance: o.instanceId, targets: [target.name], leaseMs: leaseMsFor(d), limit: 1 });
        storeBack();
        if (!req) {
          running--;
          if (!(await pause(pollMs))) return;
          continue;
        }
        if (await screen(req, d.doNotCallFile)) {
          running--;
          continue;
        }
        if (await outsideHours(req, d.callingHours)) {
          running--;
          continue;
        }
        log.info('callback attempt', { request: req.id, target: target.name });
        report = await runAttempt(deps, { request: req, targetName: target.name, target: t, config, configVersion: version, dialer: d, signal: stopper.signal });
      } catch (err) {
        storeTrouble(err, target.name);
        running--;
        if (!(await pause(pollMs))) return;
        continue;
      }
      running--;
      log.info('callback attempt ended', { request: report.requestId, outcome: report.outcome, reason: report.reason, next: report.next?.status });
      events.emit('attempt-ended', report);
      // Longer gaps between calls as the abandon share nears its limit.
      const slow = meter.slowdown();
      if (slow > 1 && Number.isFinite(slow) && !(await pause(pollMs * slow))) return;
    }
  };

  const workers = targets.map((t) => worker(t));
  Object.assign(events, {
    meter,
    owns: (id: string) => owned.has(id),
    active: () => running,
    async stop() {
      if (stopper.signal.aborted) return;
      stopper.abort();
      o.client.off('connection', onConnection);
      await Promise.allSettled(workers);
      await tracker.stop();
    },
  });
  return events;
}

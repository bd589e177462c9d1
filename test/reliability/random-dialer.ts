/**
 * Seeded random callback requests dialled by the dialer (two instances on
 * one queue, as two nodes would share a PostgreSQL queue) against simulated
 * colleagues and customers doing random things: busy, no answer, away,
 * a machine, or an answer followed by silence, keys, garbage keys, * and #,
 * talk, and a hang-up at a random moment; colleagues change what they do as
 * the day goes on. Collects what went wrong instead of throwing.
 *
 * Checked: no attempt ends in a dialer error, no worker error is logged, no
 * request is dialled twice at once (two live customer legs to one number),
 * every request reaches a final state, and at the end nothing is left:
 * channels, bridges, the client's channels and listeners, clock timers.
 */
import { AriClient } from '../../src/ari/client.js';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { createLogger } from '../../src/log/logger.js';
import type { AttemptReport } from '../../src/dialer/attempt.js';
import { startDialer, type RunningDialer } from '../../src/dialer/start-dialer.js';
import { longestSilenceMs } from '../../src/ops/call-facts.js';
import type { TimelineEntry } from '../../src/call/timeline.js';
import { SimulatedAsterisk, type CallerStep, type EndpointBehaviour } from '../../src/sim/index.js';
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';
import { loadPromptLengths } from '../../src/sounds/prompt-lengths.js';
import { OPEN_TIME, testConfig } from '../helpers/harness.js';
import { LogLines } from '../helpers/log-lines.js';
import { pickWith, prng } from './prng.js';

const COLLEAGUES = ['PJSIP/2001', 'PJSIP/2002'] as const;
const TARGETS = ['sales', 'service-desk'] as const;
const INSTANCES = ['node-a', 'node-b'];
/** Requests captured per round; a round ends when each is final. */
const PER_ROUND = 12;
/** Colleagues change what they do this often (virtual time). */
const SLICE_MS = 4 * 60_000;
const FINAL = new Set(['completed', 'failed', 'cancelled']);

/** What a colleague does for a while: mostly answer (hanging up some time later), sometimes busy, away or not answering. */
function randomColleague(r: () => number): EndpointBehaviour {
  const x = r();
  if (x < 0.55) return { kind: 'answer', afterMs: Math.floor(r() * 8_000), hangupAfterMs: 2_000 + Math.floor(r() * 300_000) };
  if (x < 0.7) return { kind: 'busy' };
  if (x < 0.85) return { kind: 'noanswer' };
  return { kind: 'unavailable' };
}

/** What a customer does after answering: random steps, then (mostly) a hang-up at a random moment. */
function randomCustomerScript(r: () => number): CallerStep[] {
  const pick = <T>(xs: readonly T[]): T => pickWith(r, xs);
  const steps: CallerStep[] = [];
  // About a third mean to confirm, so bridged callbacks are common enough to matter.
  if (r() < 0.35) steps.push({ waitForPrompt: 'outbound-holder-keys', on: pick(['start', 'end'] as const), timeoutMs: 30_000 }, { press: '1' });
  const n = Math.floor(r() * 8);
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.3) steps.push({ wait: Math.floor(r() * 12_000) });
    else if (x < 0.5) steps.push({ press: pick([...'0123456789*#']) });
    else if (x < 0.6) steps.push({ press: pick(['**', '##', '*#', '123', '99', '1#', '#1', '0000000', '9']) });
    else if (x < 0.75) steps.push({ speak: 200 + Math.floor(r() * 5_000) });
    else if (x < 0.8) steps.push({ speakThenMute: 300 + Math.floor(r() * 1_500) });
    else if (x < 0.9) steps.push({ waitForBridge: true, timeoutMs: 5_000 + Math.floor(r() * 60_000) });
    else steps.push({ waitForPrompt: pick(['outbound-opening', 'outbound-holder-keys', 'outbound-hello', 'outbound-connected']), timeoutMs: 5_000 + Math.floor(r() * 30_000) });
  }
  if (r() < 0.85) steps.push({ wait: Math.floor(r() * 30_000) }, { hangup: true });
  return steps;
}

function randomCustomer(r: () => number): EndpointBehaviour {
  const x = r();
  if (x < 0.12) return { kind: 'busy' };
  if (x < 0.24) return { kind: 'noanswer' };
  if (x < 0.3) return { kind: 'unavailable' };
  if (x < 0.36) return { kind: 'machine', afterMs: Math.floor(r() * 10_000), speechMs: 3_000 + Math.floor(r() * 12_000) };
  return { kind: 'answer', afterMs: Math.floor(r() * 20_000), script: randomCustomerScript(r) };
}

/** What a run of random callbacks found. */
export interface DialerFigures {
  /** Requests captured and dialled to a final state. */
  requests: number;
  /** Dial attempts run (both instances). */
  attempts: number;
  /** Requests completed (the customer confirmed and was put through). */
  completed: number;
  /** Requests not final when the run gave up on them (must be 0). */
  unfinished: number;
  /** Attempts that ended in a dialer error or worker errors logged (must be 0). */
  errors: number;
  /** Requests with a number that is not digits only, refused by the store before anything was written (about 4 %). */
  refusedAtStore: number;
  /** Times two customer legs to one request's number were up at once (must be 0). */
  doubleDials: number;
  /** Channels, bridges, client channels, listeners and timers left at the end (must be 0). */
  leaks: number;
  /** The longest stretch an answered customer heard nothing from us before the colleague took over (ms). */
  longestSilenceMs: number;
  problems: string[];
}

/** Longest silence of a customer leg, counted from its answer (ringing is not our silence). */
function customerSilence(entries: readonly TimelineEntry[]): number {
  const answered = entries.find((e) => e.kind === 'answered');
  if (!answered) return 0;
  return longestSilenceMs(entries.filter((e) => e.t >= answered.t).map((e) => ({ ...e, t: e.t - answered.t })));
}

/** Dials `requests` seeded random callback requests (rounds of PER_ROUND) on one simulator and queue. */
export async function runRandomDialer(seed: number, requests: number): Promise<DialerFigures> {
  const f: DialerFigures = { requests: 0, attempts: 0, completed: 0, unfinished: 0, errors: 0, refusedAtStore: 0, doubleDials: 0, leaks: 0, longestSilenceMs: 0, problems: [] };
  const r = prng(seed);
  const clock = new VirtualClock(OPEN_TIME);
  const lines = new LogLines({ level: 'warn' });
  const logger = createLogger({ level: 'warn', json: true, silent: false });
  logger.clear().add(lines);
  const sim = new SimulatedAsterisk({ clock, username: 'test', password: 'test-secret', logger: createLogger({ silent: true }) });
  await sim.start();
  for (const c of COLLEAGUES) sim.defineEndpoint(c, randomColleague(r));
  const config = testConfig({ dialer: { enabled: true } });
  const queue = new MemoryCallbackQueue(clock);
  const promptLengthMs = await loadPromptLengths();
  const clients: AriClient[] = [];
  const dialers: RunningDialer[] = [];
  try {
    for (const id of INSTANCES) {
      const client = new AriClient({ url: sim.url, username: 'test', password: 'test-secret', app: `hotline-${id}`, clock, logger, pingIntervalMs: 0 });
      await client.connect();
      clients.push(client);
    }
    await clock.advance(0);
    const timersBefore = clock.pendingTimers();
    for (const [i, client] of clients.entries()) {
      const d = await startDialer({ client, queue, clock, logger, currentConfig: () => config, instanceId: INSTANCES[i] as string, promptLengthMs });
      d.on('attempt-ended', (rep: AttemptReport) => {
        f.attempts++;
        f.longestSilenceMs = Math.max(f.longestSilenceMs, customerSilence(rep.customer));
        if (rep.reason.startsWith('dialer error')) {
          f.errors++;
          f.problems.push(`request ${rep.requestId}: ${rep.reason}`);
        }
      });
      dialers.push(d);
    }
    // Two live customer legs to one number: the same request dialled twice at once.
    // Customer legs by channel id; ids once looked up and not a customer leg are remembered too.
    const numberOf = new Map<string, string | undefined>();
    const doubled = (numbers: readonly string[]): void => {
      const up = new Map<string, number>();
      for (const ch of sim.channels()) {
        const id = String(ch['id']);
        if (!numberOf.has(id)) {
          numberOf.set(id, undefined);
          for (const n of numbers) if (sim.callsTo(n).some((c) => c.channelId === id)) numberOf.set(id, n);
        }
        const n = numberOf.get(id);
        if (n === undefined) continue;
        up.set(n, (up.get(n) ?? 0) + 1);
        if (up.get(n) === 2) {
          f.doubleDials++;
          f.problems.push(`number ${n} dialled twice at once`);
        }
      }
    };
    let serial = 0;
    while (f.requests < requests) {
      const batch = Math.min(PER_ROUND, requests - f.requests);
      const ids: string[] = [];
      const numbers: string[] = [];
      for (let i = 0; i < batch; i++) {
        // Now and then a number that must never be stored, let alone dialled (not digits only).
        const bad = r() < 0.04;
        const number = bad ? `138${serial}@evil` : `138${String(serial).padStart(8, '0')}`;
        serial++;
        sim.defineCustomer(number, randomCustomer(r));
        numbers.push(number);
        const req = { callId: `fuzz-${serial}`, number, lineType: 'mobile' as const, target: pickWith(r, TARGETS), reason: 'busy' as const, language: pickWith(r, ['en-US', 'zh-CN']), callerNumber: number };
        try {
          const { request } = await queue.capture(req);
          if (bad) f.problems.push(`the store took ${number}, which is not digits only`);
          ids.push(request.id);
        } catch (err) {
          if (!bad) throw err;
          f.refusedAtStore++;
        }
      }
      f.requests += batch;
      // Slices of virtual time; between them the colleagues change what they do.
      // A request gets maxAttempts tries at most, spread over calling hours: three days is plenty.
      const giveUpAt = clock.now() + 3 * 24 * 3_600_000;
      for (;;) {
        const states = await Promise.all(ids.map((id) => queue.get(id)));
        if (states.every((s) => s !== undefined && FINAL.has(s.status))) break;
        if (clock.now() >= giveUpAt) {
          for (const s of states) {
            if (s && FINAL.has(s.status)) continue;
            f.unfinished++;
            f.problems.push(`request ${s?.id ?? '?'} still ${s?.status ?? 'missing'} after three days`);
          }
          break;
        }
        let sliceOver = false;
        clock.setTimeout(() => (sliceOver = true), SLICE_MS);
        // Checked after every step of the clock: a double dial shows while both legs are up.
        await clock.runUntil(() => {
          doubled(numbers);
          return sliceOver;
        }, { maxMs: SLICE_MS });
        for (const c of COLLEAGUES) sim.defineEndpoint(c, randomColleague(r));
      }
    }
    f.completed = (await queue.list({ status: ['completed'] })).length;
    // Let attempts in progress finish (none should be), then stop both instances.
    let stopped = false;
    void Promise.all(dialers.map((d) => d.stop())).then(() => (stopped = true));
    await clock.runUntil(() => stopped, { maxMs: 30 * 60_000 });
    await clock.advance(2_000);
    const left: Record<string, number> = {
      'dialer attempts still running': dialers.reduce((n, d) => n + d.active(), 0),
      'channels left in the simulator': sim.stats().channels,
      'bridges left': sim.stats().bridges,
      'timers left': clock.pendingTimers() - timersBefore,
    };
    for (const [i, c] of clients.entries()) {
      const s = c.stats();
      left[`channels tracked by client ${i}`] = s.channels;
      left[`listeners of client ${i}`] = s.listeners.channels + s.listeners.channelListeners + s.listeners.playbacks + s.listeners.recordings;
    }
    for (const [what, n] of Object.entries(left)) {
      if (n === 0) continue;
      f.leaks += n;
      f.problems.push(`${what}: ${n}`);
    }
    for (const l of lines.lines.filter((x) => (JSON.parse(x) as { level?: string }).level === 'error')) {
      f.errors++;
      f.problems.push(`logged: ${l}`);
    }
  } finally {
    for (const c of clients) c.close();
    await sim.stop();
  }
  return f;
}

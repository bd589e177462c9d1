/**
 * Seeded random callers through the inbound flows on virtual time (silence,
 * speech, valid and garbage keys, * and # anywhere, whole callback numbers,
 * a hang-up at a random moment). Collects what went wrong instead of
 * throwing, so the test asserts on it and a reliability command can print
 * the figures of the same run.
 */
import { startHarness, type Harness } from '../helpers/harness.js';
import { sleep } from '../../src/clock/clock.js';
import type { CallerStep, EndpointBehaviour } from '../../src/sim/index.js';
import type { CallSummary } from '../../src/call/runner.js';
import { longestSilenceMs } from '../../src/ops/call-facts.js';
import { pickWith, prng } from './prng.js';

const AT_ONCE = 50;
const PROMPTS = ['menu-options', 'busy-choice', 'callback-enter-number', 'callback-confirm', 'callback-record-name', 'hold-ask-permission', 'anything-else', 'identity-ask', 'closed-callback-option', 'no-sound-close'];
const KEYS = '0123456789*#';

function randomCaller(r: () => number): CallerStep[] {
  const pick = <T>(xs: readonly T[]): T => pickWith(r, xs);
  const steps: CallerStep[] = [];
  // A third go for a callback first (the desk is busy or does not answer in
  // two of the endpoint sets), so confirmed callbacks are common enough to check.
  if (r() < 0.35) {
    steps.push(
      { waitForPrompt: 'menu-options', timeoutMs: 30_000 }, { press: '0' },
      { waitForPrompt: 'busy-choice', on: 'end', timeoutMs: 90_000 }, { press: '1' },
      { waitForPrompt: 'callback-enter-number', on: 'end', timeoutMs: 30_000 }, { press: pick(['13800138000#', '01012345678#', '1390013#']) },
      { waitForPrompt: 'callback-confirm', on: 'end', timeoutMs: 30_000 }, { press: '1' },
      { waitForPrompt: 'callback-record-name', on: 'end', timeoutMs: 30_000 }, { speak: 1_000 },
    );
  }
  const n = 1 + Math.floor(r() * 12);
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.25) steps.push({ wait: Math.floor(r() * 9_000) });
    else if (x < 0.45) steps.push({ press: pick([...KEYS]) });
    else if (x < 0.55) steps.push({ press: pick(['13800138000#', '01012345678#', '123#', '1234', '#', '**', '4', '2', '1']) });
    else if (x < 0.65) steps.push({ speak: 200 + Math.floor(r() * 3_000) });
    else if (x < 0.7) steps.push({ speakThenMute: 300 + Math.floor(r() * 1_500) });
    else steps.push({ waitForPrompt: pick(PROMPTS), on: r() < 0.5 ? 'start' : 'end', timeoutMs: 20_000 + Math.floor(r() * 60_000) });
  }
  // Most hang up at some point; some stay until we close the call.
  if (r() < 0.8) steps.push({ wait: Math.floor(r() * 20_000) }, { hangup: true });
  return steps;
}

const ENDPOINT_SETS: Record<string, EndpointBehaviour>[] = [
  { 'PJSIP/2001': { kind: 'answer', afterMs: 3_000, hangupAfterMs: 4_000 }, 'PJSIP/2002': { kind: 'busy' } },
  { 'PJSIP/2001': { kind: 'noanswer' }, 'PJSIP/2002': { kind: 'answer', afterMs: 1_000, hangupAfterMs: 2_000 } },
  { 'PJSIP/2001': { kind: 'unavailable' }, 'PJSIP/2002': { kind: 'noanswer' } },
];

/** What a run of random inbound callers found. */
export interface InboundFigures {
  calls: number;
  /** Callbacks the caller was told were recorded. */
  confirmed: number;
  /** Of those, not in the store afterwards (must be 0). */
  lost: number;
  /** Calls whose flow failed with an exception (must be 0). */
  flowFailures: number;
  /** Channels, bridges, client channels, listeners, call objects and timers left after the runs (must be 0). */
  leaks: number;
  /** The longest stretch any caller heard nothing from us while not talking to a colleague (ms). */
  longestSilenceMs: number;
  /** One line per problem, for the assertion message. */
  problems: string[];
}

/** Runs `calls` seeded random callers over three endpoint sets (a fresh sim + service each). */
export async function runRandomInbound(seed: number, calls: number): Promise<InboundFigures> {
  const f: InboundFigures = { calls: 0, confirmed: 0, lost: 0, flowFailures: 0, leaks: 0, longestSilenceMs: 0, problems: [] };
  const r = prng(seed);
  const perHarness = Math.ceil(calls / ENDPOINT_SETS.length);
  for (const endpoints of ENDPOINT_SETS) {
    const hh: Harness = await startHarness({ endpoints, lookup: (_req, signal): Promise<void> => sleep(hh.clock, (10 + r() * 200) * 1000, signal).catch(() => undefined) });
    try {
      const timersBefore = hh.clock.pendingTimers();
      for (let done = 0; done < perHarness && f.calls < calls; ) {
        const batch = Math.min(AT_ONCE, perHarness - done, calls - f.calls);
        // Now and then a call at night: the closed-hours flow too.
        if (r() < 0.2) hh.calendar.shiftTo?.(hh.calendar.now() + 13 * 3_600_000);
        const placed = Array.from({ length: batch }, (_, i) => hh.place(randomCaller(r), `139${String(f.calls + i).padStart(8, '0')}`));
        await hh.clock.runUntil(() => placed.every((c) => c.ended() !== undefined), { maxMs: 4 * 3_600_000 });
        for (const c of placed) {
          const s = c.ended() as CallSummary;
          f.longestSilenceMs = Math.max(f.longestSilenceMs, longestSilenceMs(s.timeline));
          if (s.timeline.some((e) => e.kind === 'error' && e['what'] === 'flow-failed')) {
            f.flowFailures++;
            f.problems.push(`call ${s.id} failed: ${s.formatted}`);
          }
          for (const stored of s.timeline.filter((e) => e.kind === 'callback-stored')) {
            const told = s.timeline.some((e) => e.kind === 'prompt-started' && e['prompt'] === 'callback-stored' && e.t >= stored.t);
            if (!told) continue;
            f.confirmed++;
            if ((await hh.service.callbacks.get(String(stored['id']))) === undefined) {
              f.lost++;
              f.problems.push(`confirmed callback ${String(stored['id'])} of ${s.id} is not in the store`);
            }
          }
        }
        done += batch;
        f.calls += batch;
      }
      await hh.clock.advance(2_000);
      const stats = hh.service.client.stats();
      const left: Record<string, number> = {
        'calls left': hh.service.runner.activeCalls(),
        'channels left in the simulator': hh.sim.stats().channels,
        'bridges left': hh.sim.stats().bridges,
        'channels tracked by the client': stats.channels,
        'channel listeners': stats.listeners.channels + stats.listeners.channelListeners,
        'playback listeners': stats.listeners.playbacks,
        'recording listeners': stats.listeners.recordings,
        'timers left': hh.clock.pendingTimers() - timersBefore,
      };
      for (const [what, n] of Object.entries(left)) {
        if (n === 0) continue;
        f.leaks += n;
        f.problems.push(`${what}: ${n}`);
      }
    } finally {
      await hh.close();
    }
  }
  return f;
}

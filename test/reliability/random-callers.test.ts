/**
 * Callers doing random things (silence, speech, valid and garbage keys, *
 * and # anywhere, whole callback numbers) and hanging up at a random moment,
 * on virtual time, seeded: no exception escapes a call, no promise is left
 * rejected, every timer, listener, channel and bridge is gone at the end,
 * and every callback confirmed to a caller is in the store.
 *
 *   FUZZ_SEED=1234 npm test -- --grep 'random callers'   replays a seed
 *   FUZZ_CALLS=10000                                     calls in all
 */
import { expect } from 'chai';
import { startHarness, type Harness } from '../helpers/harness.js';
import { sleep } from '../../src/clock/clock.js';
import type { CallerStep, EndpointBehaviour } from '../../src/sim/index.js';
import type { CallSummary } from '../../src/call/runner.js';

/** Small, fast, seedable PRNG (mulberry32): the same seed gives the same callers. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261203);
const CALLS = Number(process.env['FUZZ_CALLS'] ?? 2_000);
const AT_ONCE = 50;
const PROMPTS = ['menu-options', 'busy-choice', 'callback-enter-number', 'callback-confirm', 'callback-record-name', 'hold-ask-permission', 'anything-else', 'identity-ask', 'closed-callback-option', 'no-sound-close'];
const KEYS = '0123456789*#';

function randomCaller(r: () => number): CallerStep[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
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

describe(`reliability: random callers (seed ${SEED}, ${CALLS} calls)`, function () {
  this.timeout(0);
  let h: Harness | undefined;
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => void rejections.push(reason);
  before(() => process.on('unhandledRejection', onRejection));
  after(() => process.off('unhandledRejection', onRejection));
  afterEach(async () => h?.close());

  it('no escaped error, nothing left behind, every confirmed callback stored', async () => {
    console.log(`      random callers: FUZZ_SEED=${SEED} FUZZ_CALLS=${CALLS} replays this run`);
    const r = prng(SEED);
    const perHarness = Math.ceil(CALLS / ENDPOINT_SETS.length);
    let placed = 0;
    let confirmed = 0;
    for (const endpoints of ENDPOINT_SETS) {
      const hh: Harness = (h = await startHarness({ endpoints, lookup: (_req, signal): Promise<void> => sleep(hh.clock, (10 + r() * 200) * 1000, signal).catch(() => undefined) }));
      const timersBefore = hh.clock.pendingTimers();
      for (let done = 0; done < perHarness && placed < CALLS; ) {
        const batch = Math.min(AT_ONCE, perHarness - done, CALLS - placed);
        // Now and then a call at night: the closed-hours flow too.
        if (r() < 0.2) hh.calendar.shiftTo?.(hh.calendar.now() + 13 * 3_600_000);
        const calls = Array.from({ length: batch }, (_, i) => hh.place(randomCaller(r), `139${String(placed + i).padStart(8, '0')}`));
        await hh.clock.runUntil(() => calls.every((c) => c.ended() !== undefined), { maxMs: 4 * 3_600_000 });
        for (const c of calls) {
          const s = c.ended() as CallSummary;
          const errors = s.timeline.filter((e) => e.kind === 'error' && e['what'] === 'flow-failed');
          expect(errors, `call ${s.id}: ${s.formatted}`).to.deep.equal([]);
          for (const stored of s.timeline.filter((e) => e.kind === 'callback-stored')) {
            const told = s.timeline.some((e) => e.kind === 'prompt-started' && e['prompt'] === 'callback-stored' && e.t >= stored.t);
            if (!told) continue;
            confirmed++;
            expect(await hh.service.callbacks.get(String(stored['id'])), `confirmed callback of ${s.id}`).to.not.equal(undefined);
          }
        }
        done += batch;
        placed += batch;
      }
      await hh.clock.advance(2_000);
      expect(hh.service.runner.activeCalls(), 'calls left').to.equal(0);
      expect(hh.sim.stats().channels, 'channels left in the simulator').to.equal(0);
      expect(hh.sim.stats().bridges, 'bridges left').to.equal(0);
      const stats = hh.service.client.stats();
      expect(stats.channels, 'channels tracked by the client').to.equal(0);
      expect(stats.listeners).to.deep.equal({ channels: 0, channelListeners: 0, playbacks: 0, recordings: 0 });
      expect(hh.clock.pendingTimers(), 'timers left').to.equal(timersBefore);
      await hh.close();
      h = undefined;
    }
    expect(rejections, 'unhandled rejections').to.deep.equal([]);
    console.log(`      random callers: ${placed} calls, ${confirmed} callbacks confirmed and found in the store`);
    expect(placed).to.equal(CALLS);
  });
});

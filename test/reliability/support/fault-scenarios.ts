/**
 * One call per fault kind on the simulator's virtual clock, with figures:
 * for `npm run reliability` (the tests of each kind are in
 * ari-faults.test.ts, link-faults.test.ts and slow-pbx.test.ts).
 */
import { startHarness, type Harness } from '../../helpers/harness.js';
import { longestSilenceMs, type CallerStep, type FaultSpec } from '../../../src/sim/index.js';
import { leftovers } from './leak-check.js';
import type { CallSummary } from '../../../src/call/runner.js';

const SILENT: CallerStep[] = [];
const CALLBACK: CallerStep[] = [
  { waitForPrompt: 'menu-options' }, { press: '0' }, { waitForPrompt: 'busy-choice', on: 'end' }, { press: '1' },
  { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '13800138000#' },
  { waitForPrompt: 'callback-confirm', on: 'end' }, { press: '1' },
  { waitForPrompt: 'callback-record-name', on: 'end' }, { wait: 300 }, { speak: 1_500 },
  { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 180_000 }, { hangup: true },
];

/** A named fault and the caller who meets it. */
interface Scenario {
  name: string;
  script: CallerStep[];
  faults?: FaultSpec[];
  /** A link fault, 1 s into the call. */
  link?: (h: Harness) => void;
}

export const SCENARIOS: Scenario[] = [
  { name: '500 on the answer', script: SILENT, faults: [{ kind: 'status', status: 500, match: { path: /\/answer$/ } }] },
  { name: '500 on prompts', script: SILENT, faults: [{ kind: 'status', status: 500, times: 3, match: { path: /\/play\// } }] },
  { name: '404 on a live channel', script: SILENT, faults: [{ kind: 'status', status: 404, skip: 2, match: { path: /\/play\// } }] },
  { name: 'answers 4 s slow', script: CALLBACK, faults: [{ kind: 'slow', delayMs: 4_000, times: 3, match: { method: 'POST' } }] },
  { name: 'stuck playback', script: SILENT, faults: [{ kind: 'stuck-playback', match: { media: /offer-help-again/ } }] },
  { name: 'stuck recording', script: CALLBACK, faults: [{ kind: 'stuck-recording' }] },
  { name: 'slow playback 1.96x', script: SILENT, faults: [{ kind: 'slow-playback', factor: 1.96, times: Infinity }] },
  { name: 'lost events', script: CALLBACK, faults: [{ kind: 'drop-event', match: { event: 'PlaybackFinished' }, times: 2 }, { kind: 'drop-event', match: { event: 'PlaybackStarted' }, times: 2 }] },
  { name: 'duplicated events', script: CALLBACK, faults: [{ kind: 'duplicate-event', times: 20 }] },
  { name: 'events out of order', script: CALLBACK, faults: [{ kind: 'reorder-event', times: 20 }] },
  { name: 'socket closed', script: SILENT, link: (h) => h.sim.faults.dropSockets() },
  { name: 'Asterisk restart', script: SILENT, link: (h) => h.sim.faults.restart() },
];

/** Figures of one scenario. */
export interface ScenarioFigures {
  name: string;
  faults: number;
  callbacksConfirmed: number;
  callbacksLost: number;
  leaks: number;
  longestSilenceMs: number;
  endedPolitely: boolean;
}

/** Runs one scenario in a fresh harness. */
export async function runScenario(sc: Scenario): Promise<ScenarioFigures> {
  const h = await startHarness({ ari: { backoff: { baseMs: 1_000, random: () => 0.99 } } });
  try {
    const timersBefore = h.clock.pendingTimers();
    for (const f of sc.faults ?? []) h.sim.faults.add(f);
    let summary: CallSummary | undefined;
    const simCall = h.sim.placeCall({ app: 'hotline', from: '13912345678', to: '4000', script: sc.script });
    h.service.runner.on('call-ended', (x: CallSummary) => {
      if (x.id === simCall.id) summary = x;
    });
    if (sc.link) {
      await h.clock.advance(1_000);
      sc.link(h);
    }
    await h.clock.runUntil(() => summary !== undefined, { maxMs: 30 * 60_000 });
    await h.clock.advance(6_000);
    const s = summary as CallSummary;
    let confirmed = 0;
    let lost = 0;
    for (const stored of s.timeline.filter((e) => e.kind === 'callback-stored')) {
      if (!s.timeline.some((e) => e.kind === 'prompt-started' && e['prompt'] === 'callback-stored' && e.t >= stored.t)) continue;
      confirmed++;
      if ((await h.service.callbacks.get(String(stored['id']))) === undefined) lost++;
    }
    const left = leftovers(h, timersBefore);
    const hungUpBy = s.timeline.find((e) => e.kind === 'hangup')?.['by'];
    const flowFailedSilently = s.timeline.some((e) => e.kind === 'error' && e['what'] === 'flow-failed') && !s.timeline.some((e) => e.kind === 'prompt-started' && e['prompt'] === 'sorry-interrupted');
    return {
      name: sc.name,
      faults: h.sim.faults.injected().total,
      callbacksConfirmed: confirmed,
      callbacksLost: lost,
      leaks: Object.values(left).reduce((a, b) => a + Math.abs(b), 0),
      longestSilenceMs: longestSilenceMs(simCall.log, { ignoreRecording: true }),
      endedPolitely: hungUpBy !== undefined && !flowFailedSilently,
    };
  } finally {
    await h.close();
  }
}

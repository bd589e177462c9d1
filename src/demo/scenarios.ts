/**
 * The demo calls: one scripted caller per flow the hotline handles, each
 * with what must be true of its timeline for the demo to pass. `npm start`
 * and `npm run demo` place them on the simulator; the integration tests run
 * them too, so the demo cannot silently rot.
 */
import type { CallSummary } from '../call/runner.js';
import type { CallbackRequest } from '../store/callback-queue.js';
import type { CallerStep, EndpointBehaviour } from '../sim/index.js';

/** A scripted demo call and its pass condition. */
export interface DemoScenario {
  name: string;
  /** Caller id the call comes from (also selects the demo back end's behaviour). */
  from: string;
  script: CallerStep[];
  /** When the call is placed: inside opening hours (default) or after closing. */
  when?: 'open' | 'closed';
  /** Returns what went wrong, or undefined when the call went as it should. */
  check(summary: CallSummary, callbacks: readonly CallbackRequest[]): string | undefined;
}

/** Transfer targets of flows/hotline.yaml as the demo simulates them. */
export const DEMO_ENDPOINTS: Record<string, EndpointBehaviour> = {
  'PJSIP/2001': { kind: 'answer', afterMs: 6_000, hangupAfterMs: 8_000 },
  'PJSIP/2002': { kind: 'busy' },
};

/** The service desk, busy while the demo callers leave callbacks, free when the dialer calls them back. */
export const DEMO_DESK = 'PJSIP/2002';

/** A demo customer called back: answers after 4 s, confirms being the holder (key 1), talks, hangs up. */
export const DEMO_CUSTOMER: EndpointBehaviour = {
  kind: 'answer',
  afterMs: 4_000,
  script: [{ waitForPrompt: 'outbound-holder-keys', on: 'end' }, { press: '1' }, { waitForBridge: true }, { wait: 8_000 }, { hangup: true }],
};

/** The caller whose order look-up is slow, so the hold runs long enough for the callback offer. */
export const SLOW_LOOKUP_CALLER = '13900000004';
/** How long that look-up takes (s): past the 2-minute callback offer. */
export const SLOW_LOOKUP_SECONDS = 240;

/**
 * A caller leaving a callback once the number is asked for: keys in the
 * number, confirms it with 1, says a name after the beep (after pauseMs),
 * and hangs up after the goodbye.
 */
function leaveCallback(number: string, speakMs: number, pauseMs = 0): CallerStep[] {
  return [
    { press: `${number}#` },
    { waitForPrompt: 'callback-confirm', on: 'end', timeoutMs: 60_000 },
    { press: '1' },
    { waitForPrompt: 'callback-record-name', on: 'end', timeoutMs: 60_000 },
    ...(pauseMs > 0 ? [{ wait: pauseMs }] : []),
    { speak: speakMs },
    { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 120_000 },
    { hangup: true },
  ];
}

const kinds = (s: CallSummary): string[] => s.timeline.map((e) => e.kind);
const prompts = (s: CallSummary): string[] => s.timeline.filter((e) => e.kind === 'prompt-started').map((e) => String(e['prompt']));
const need = (ok: boolean, problem: string): string | undefined => (ok ? undefined : problem);

/** The demo scenarios: five in opening hours, one after closing. */
export const DEMO_SCENARIOS: DemoScenario[] = [
  {
    name: 'silent caller',
    from: '13900000001',
    script: [],
    check: (s) =>
      need(prompts(s).includes('offer-help-again'), 'the offer of help was not repeated') ??
      need(prompts(s).includes('no-sound-close'), 'no polite no-sound close') ??
      need(s.endedBy === 'us', 'we should hang up after the close'),
  },
  {
    name: 'menu choice, transfer answered',
    from: '13900000002',
    script: [
      { waitForPrompt: 'menu-options' },
      { press: '1' },
      { waitForBridge: true, timeoutMs: 60_000 },
      { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 60_000 },
      { hangup: true },
    ],
    check: (s) =>
      need(kinds(s).includes('bridged'), 'caller and agent were never bridged') ??
      need(prompts(s).includes('transfer-to-sales'), 'the transfer was not announced') ??
      need(s.endedBy === 'caller', 'the caller should hang up first after the goodbye'),
  },
  {
    name: 'busy target, callback left',
    from: '13900000003',
    script: [
      { waitForPrompt: 'menu-options' },
      { press: '0' },
      { waitForPrompt: 'busy-choice', on: 'end', timeoutMs: 60_000 },
      { press: '1' },
      { waitForPrompt: 'callback-enter-number', on: 'end', timeoutMs: 60_000 },
      ...leaveCallback('13800138000', 1_500, 500),
    ],
    check: (s, cbs) =>
      need(prompts(s).includes('target-busy'), 'the caller was not told the colleague is busy') ??
      need(cbs.some((c) => c.callId === s.id && c.number === '13800138000'), 'the callback request was not stored') ??
      need(
        s.timeline.findIndex((e) => e.kind === 'callback-stored') <
          s.timeline.findIndex((e) => e.kind === 'prompt-started' && e['prompt'] === 'callback-stored'),
        'the caller was told the request is recorded before it was stored',
      ),
  },
  {
    name: 'long hold, callback offer taken',
    from: SLOW_LOOKUP_CALLER,
    script: [
      { waitForPrompt: 'menu-options' },
      { press: '2' },
      { waitForPrompt: 'hold-ask-permission', on: 'end', timeoutMs: 60_000 },
      { press: '1' },
      { waitForPrompt: 'hold-callback-offer', on: 'end', timeoutMs: 200_000 },
      { wait: 25_000 },
      { press: '1' },
      { waitForPrompt: 'callback-enter-number', on: 'end', timeoutMs: 60_000 },
      // Another number than the busy caller's: the same number for the same colleague within 30 min would merge into one request.
      ...leaveCallback('13800138004', 1_200),
    ],
    check: (s, cbs) => {
      const checkIns = s.timeline.filter((e) => e.kind === 'hold-check-in').map((e) => e.t);
      // The callback offer is a word from us too: together they keep the 30-second rule.
      const words = s.timeline.filter((e) => e.kind === 'hold-check-in' || e.kind === 'hold-callback-offer').map((e) => e.t);
      const gaps = words.slice(1).map((t, i) => t - (words[i] ?? 0));
      return (
        need(checkIns.length >= 3, `expected check-ins every 30 s, saw ${checkIns.length}`) ??
        need(kinds(s).includes('hold-callback-offer'), 'no callback offer on a long hold') ??
        need(gaps.every((g) => g <= 30_000 + 50), `check-ins more than 30 s apart: ${gaps.join(', ')}`) ??
        need(cbs.some((c) => c.callId === s.id && c.reason === 'hold'), 'the callback request was not stored')
      );
    },
  },
  {
    name: 'caller hangs up during the greeting',
    from: '13900000005',
    script: [{ waitForPrompt: 'greeting-organisation' }, { hangup: true }],
    check: (s) =>
      need(s.endedBy === 'caller', 'the caller hung up first') ??
      need(!kinds(s).includes('error'), 'the hangup caused an error'),
  },
  {
    name: 'after closing, callback left',
    from: '13900000006',
    when: 'closed',
    script: [
      { waitForPrompt: 'closed-callback-option', on: 'end', timeoutMs: 120_000 },
      { press: '1' },
      { waitForPrompt: 'callback-enter-number', on: 'end', timeoutMs: 60_000 },
      ...leaveCallback('13800138006', 1_200),
    ],
    check: (s, cbs) =>
      need(prompts(s).includes('closed-hours'), 'the caller was not told the hotline is closed') ??
      need(cbs.some((c) => c.callId === s.id && c.reason === 'closed'), 'the callback request was not stored') ??
      need(prompts(s).includes('goodbye'), 'the call ended without the goodbye'),
  },
];

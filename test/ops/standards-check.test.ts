/**
 * The standards check of every call, held against real timelines: flows run
 * on the simulator (virtual clock) pass; the same timelines altered to break
 * each rule fail it, with the rule, what was measured, the threshold and
 * where in the timeline.
 */
import { expect } from 'chai';
import type { TimelineEntry } from '../../src/call/timeline.js';
import { sleep } from '../../src/clock/clock.js';
import { checkCall } from '../../src/ops/standards-check/check-call.js';
import { RULE_IDS, type RuleId, type StandardsVerdict } from '../../src/ops/standards-check/rules.js';
import { standardsThresholds, type StandardsThresholds } from '../../src/ops/standards-check/thresholds.js';
import { startHarness, testConfig, type Harness } from '../helpers/harness.js';
import { CUSTOMER, startDialerFixture } from '../dialer/support/dialer-fixture.js';
import { CONFIRMS } from '../dialer/support/logs.js';

const th: StandardsThresholds = standardsThresholds(testConfig().config);
const menu = [{ waitForPrompt: 'menu-options' }];

/** Real timelines, one per flow path, recorded once for the whole file. */
interface Recorded {
  transfer: TimelineEntry[];
  silent: TimelineEntry[];
  busyCallback: TimelineEntry[];
  hold: TimelineEntry[];
  staysAfterGoodbye: TimelineEntry[];
  hangsUpMidGreeting: TimelineEntry[];
  customerLeg: TimelineEntry[];
}

/** Rules shown to fail in this file; the last test wants all of them. */
const seenFailing = new Set<RuleId>();
const rules = (v: StandardsVerdict): RuleId[] => {
  for (const x of v.violations) seenFailing.add(x.rule);
  return v.violations.map((x) => x.rule);
};
const idx = (tl: TimelineEntry[], pred: (e: TimelineEntry) => boolean, from = 0): number => {
  const i = tl.findIndex((e, j) => j >= from && pred(e));
  if (i < 0) throw new Error('entry not found in the recorded timeline');
  return i;
};
const prompt = (kind: 'prompt-started' | 'prompt-finished', id: string) => (e: TimelineEntry) => e.kind === kind && e['prompt'] === id;
/** Every entry from index i on happens ms later. */
const delayFrom = (tl: TimelineEntry[], i: number, ms: number): TimelineEntry[] => tl.map((e, j) => (j >= i ? { ...e, t: e.t + ms } : e));

describe('ops: the standards check of every call (real timelines from the simulator)', function () {
  this.timeout(60_000);
  const rec = {} as Recorded;

  before(async () => {
    const h: Harness = await startHarness({ lookup: (_r, signal) => sleep(h.clock, 100_000, signal).catch(() => undefined) });
    try {
      rec.transfer = (await h.call([...menu, { press: '1' }, { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 120_000 }, { hangup: true }])).timeline;
      rec.silent = (await h.call([{ waitForPrompt: 'no-sound-close', on: 'end', timeoutMs: 120_000 }, { wait: 30_000 }])).timeline;
      rec.busyCallback = (
        await h.call([
          ...menu, { press: '0' }, { waitForPrompt: 'busy-choice', on: 'end', timeoutMs: 60_000 }, { press: '1' },
          { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '13800138000#' },
          { waitForPrompt: 'callback-confirm', on: 'end', timeoutMs: 60_000 }, { press: '1' },
          { waitForPrompt: 'beep', on: 'end' }, { wait: 1_500 }, { press: '#' },
          { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 120_000 }, { hangup: true },
        ])
      ).timeline;
      rec.hold = (await h.call([...menu, { press: '2' }, { waitForPrompt: 'hold-ask-permission', on: 'end' }, { press: '1' }, { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 300_000 }, { hangup: true }])).timeline;
      rec.staysAfterGoodbye = (await h.call([...menu, { press: '2' }, { waitForPrompt: 'hold-ask-permission', on: 'end' }, { press: '1' }, { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 300_000 }, { wait: 60_000 }])).timeline;
      rec.hangsUpMidGreeting = (await h.call([{ waitForPrompt: 'greeting-organisation' }, { wait: 500 }, { hangup: true }])).timeline;
    } finally {
      await h.close();
    }
    const f = await startDialerFixture();
    try {
      f.sim.defineCustomer(CUSTOMER, { kind: 'answer', afterMs: 6_000, script: CONFIRMS });
      await f.capture();
      await f.untilReports(1);
      rec.customerLeg = f.reports[0]?.customer ?? [];
    } finally {
      await f.close();
    }
  });

  it('takes its thresholds from the flow config, the numbers the flows wait by', () => {
    const c = testConfig({ timings: { checkInSeconds: 20, closeGraceSeconds: 3, failedCallGraceSeconds: 6, silenceSeconds: 4 } }).config;
    const t = standardsThresholds(c);
    expect([t.checkInMs, t.closeGraceMs, t.failedCallGraceMs, t.deadAirMs, t.openingMs]).to.deep.equal([20_000, 3_000, 6_000, 4_000, 2_000]);
    expect([...t.closingPrompts]).to.include.members(['goodbye', 'no-sound-close']);
    expect([...t.callbackConfirmPrompts]).to.deep.equal(['callback-stored']);
  });

  it('every call the flows ran on the simulator passes', () => {
    for (const [name, tl] of Object.entries(rec)) {
      expect(tl.length, name).to.be.greaterThan(3);
      const v = checkCall(tl, th);
      expect(v.violations, `${name}: ${JSON.stringify(v.violations)}`).to.deep.equal([]);
      expect(v.pass).to.equal(true);
    }
    // The recorded calls really cover the facts each rule reads.
    expect(rec.silent.find((e) => e.kind === 'hangup')?.['by']).to.equal('us');
    expect(rec.staysAfterGoodbye.find((e) => e.kind === 'hangup')?.['by']).to.equal('us');
    expect(rec.busyCallback.some((e) => e.kind === 'callback-stored')).to.equal(true);
    expect(rec.busyCallback.some((e) => e.kind === 'recording-started')).to.equal(true);
    expect(rec.hold.filter((e) => e.kind === 'hold-check-in').length).to.be.greaterThan(1);
    expect(rec.customerLeg.some((e) => e.kind === 'call-started' && e['leg'] === 'customer')).to.equal(true);
  });

  it('dead-air: a caller left waiting in silence past silenceSeconds fails, with the stretch measured', () => {
    const tl = rec.transfer;
    // The caller chose; the transfer announcement now comes 6 s late.
    const i = idx(tl, prompt('prompt-started', 'transfer-to-sales'));
    const v = checkCall(delayFrom(tl, i, 6_000), th);
    expect(rules(v)).to.deep.equal(['dead-air']);
    const x = v.violations[0];
    expect(x?.measured).to.equal(6_000);
    expect(x?.threshold).to.equal(th.deadAirMs);
    expect(x?.at).to.equal((tl[i] as TimelineEntry).t + 6_000);
    expect(x?.from).to.equal((tl[i] as TimelineEntry).t);
    // The caller's own turn (a question awaiting a key) is not dead air, however long.
    const j = idx(tl, (e) => e.kind === 'reply' && e['question'] === 'menu');
    expect(checkCall(delayFrom(tl, j, 6_000), th).pass).to.equal(true);
    // Nor is the caller talking: speech heard, their reply 12 s later when they finish.
    const heardAt = (tl[j] as TimelineEntry).t;
    const talking = [...tl.slice(0, j), { t: heardAt, kind: 'heard', via: 'speech' } as TimelineEntry, ...delayFrom(tl, j, 12_000).slice(j)];
    expect(checkCall(talking, th).pass).to.equal(true);
  });

  it('check-in-spacing: a hold without a check-in past checkInSeconds fails', () => {
    const tl = rec.hold;
    const s = idx(tl, (e) => e.kind === 'hold-check-in');
    const p = idx(tl, (e) => e.kind === 'prompt-started', s);
    const f = idx(tl, (e) => e.kind === 'prompt-finished', p);
    // The first check-in never played: 30 s + its length + 30 s of music only.
    const broken = tl.filter((_e, j) => j !== p && j !== f);
    const v = checkCall(broken, th);
    expect(rules(v)).to.deep.equal(['check-in-spacing']);
    const x = v.violations[0];
    const holdStart = tl.find((e) => e.kind === 'hold-started')?.t as number;
    expect(x?.from).to.equal(holdStart);
    expect(x?.measured).to.be.at.least(60_000);
    expect(x?.threshold).to.equal(th.checkInMs + th.checkInSlackMs);
    // Ringing counts too: a colleague ringing 40 s with no word.
    const r = rec.transfer;
    const hs = idx(r, (e) => e.kind === 'hold-started' && e['purpose'] === 'ringing');
    const ringing = checkCall(delayFrom(r, hs + 1, 40_000), th);
    expect(rules(ringing)).to.deep.equal(['check-in-spacing']);
    expect(ringing.violations[0]?.detail).to.match(/colleague rang/);
  });

  it('close-grace: we hang up before the grace after the goodbye (2 s) or after a failed call (5 s)', () => {
    for (const [tl, grace] of [[rec.staysAfterGoodbye, th.closeGraceMs], [rec.silent, th.failedCallGraceMs]] as const) {
      const h = idx(tl, (e) => e.kind === 'hangup');
      const lastWord = tl.slice(0, h).filter((e) => e.kind === 'prompt-finished').at(-1) as TimelineEntry;
      expect((tl[h] as TimelineEntry).t - lastWord.t).to.equal(grace);
      const early = tl.map((e, j) => (j === h ? { ...e, t: lastWord.t + grace - 500 } : e));
      const v = checkCall(early, th);
      expect(rules(v)).to.deep.equal(['close-grace']);
      expect(v.violations[0]).to.include({ measured: grace - 500, threshold: grace, from: lastWord.t, at: lastWord.t + grace - 500 });
    }
  });

  it('hung-up-first: we hang up without the closing words, or over a prompt, and fail', () => {
    // The caller hung up mid-greeting; had we ended it there, it is a cut-off.
    const tl = rec.hangsUpMidGreeting.map((e) => (e.kind === 'hangup' ? { ...e, by: 'us' } : e));
    const v = checkCall(tl, th);
    expect(rules(v)).to.deep.equal(['hung-up-first']);
    expect(String(v.violations[0]?.measured)).to.match(/greeting-organisation/);
    // A hang-up while a prompt still plays.
    const g = rec.staysAfterGoodbye;
    const fin = g.findLastIndex((e) => e.kind === 'prompt-finished');
    const over = g.filter((_e, j) => j !== fin);
    expect(rules(checkCall(over, th))).to.deep.equal(['hung-up-first']);
    // Who hung up first when the caller did: no rule broken.
    expect(checkCall(rec.hangsUpMidGreeting, th).pass).to.equal(true);
  });

  it('callback-confirmed-before-stored: the confirmation heard before the commit, or after a store failure, fails', () => {
    const tl = rec.busyCallback;
    const stored = idx(tl, (e) => e.kind === 'callback-stored');
    const confirm = idx(tl, prompt('prompt-started', 'callback-stored'));
    expect(confirm).to.be.greaterThan(stored);
    // The commit after the words.
    const late = [...tl.slice(0, stored), ...tl.slice(stored + 1, confirm + 1), tl[stored] as TimelineEntry, ...tl.slice(confirm + 1)];
    const v = checkCall(late, th);
    expect(rules(v)).to.deep.equal(['callback-confirmed-before-stored']);
    expect(v.violations[0]).to.include({ measured: 'not stored', at: (tl[confirm] as TimelineEntry).t });
    // The store failed and the caller was still told it was recorded.
    const failed = tl.map((e, j) => (j === stored ? { t: e.t, kind: 'callback-store-failed' as const } : e));
    expect(checkCall(failed, th).violations.map((x) => x.measured)).to.deep.equal(['store failed']);
  });

  it('outbound-opening: a customer leg whose opening starts more than 2 s after the answer fails', () => {
    const tl = rec.customerLeg;
    const a = idx(tl, (e) => e.kind === 'answered');
    const v = checkCall(delayFrom(tl, a + 1, 2_500), th);
    expect(rules(v)).to.deep.equal(['outbound-opening']);
    expect(v.violations[0]).to.include({ threshold: 2_000, from: (tl[a] as TimelineEntry).t });
    expect(v.violations[0]?.measured).to.be.greaterThan(2_000);
    // An opening that failed to play is silence to the customer.
    const p = idx(tl, (e) => e.kind === 'prompt-finished', a);
    const silent = tl.map((e, j) => (j === p ? { ...e, status: 'failed' } : e));
    expect(rules(checkCall(silent, th))).to.include('outbound-opening');
    // Inbound calls are not held to the outbound opening.
    expect(rules(checkCall(delayFrom(rec.transfer, 1, 2_500), th))).to.not.include('outbound-opening');
  });

  it('every rule in the list was shown to fail above (the ids label /metrics)', () => {
    expect([...seenFailing].sort()).to.deep.equal([...RULE_IDS].sort());
  });
});

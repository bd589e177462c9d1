/**
 * The day's numbers for the live page: calls by outcome, answer time p95,
 * callers left over 30 s without a word. "The day" is the calendar day in
 * the hotline's time zone (the flow config's hours.timezone), not the
 * server's, so the page agrees with the opening hours whatever TZ the host
 * runs in. Counted as calls end; a restart starts the day from zero.
 */
import type { Clock } from '../clock/clock.js';
import { answerMs, leftWithoutWord, OUTCOMES, type Outcome } from './call-facts.js';
import type { BookedCall } from './call-book.js';
import { RULE_IDS, type RuleId } from './standards-check/rules.js';

const zeroRules = (): Record<RuleId, number> => Object.fromEntries(RULE_IDS.map((r) => [r, 0])) as Record<RuleId, number>;

/** What the page shows for today. */
export interface DayKpis {
  /** YYYY-MM-DD in the hotline's time zone. */
  day: string;
  calls: number;
  byOutcome: Record<Outcome, number>;
  /** Abandoned / all ended calls, 0..1 (0 with no calls). */
  abandonRate: number;
  /** 95th percentile of answer time in ms (undefined before the first answered call). */
  answerP95Ms: number | undefined;
  /** Calls that left a caller over 30 s without a word from us. */
  leftWithoutWord: number;
  /** The standards check of today's ended calls (callers and callback legs): how many passed, violations by rule. */
  standards: { checked: number; passed: number; byRule: Record<RuleId, number> };
}

/** Enough for a busy day's percentile; past it the oldest half is dropped (the p95 stays representative). */
const MAX_SAMPLES = 20_000;

const zeroOutcomes = (): Record<Outcome, number> => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number | undefined {
  if (samples.length === 0) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Today's counters, reset when the day in `timeZone` changes. */
export class DayStats {
  private day = '';
  private byOutcome = zeroOutcomes();
  private answers: number[] = [];
  private silent = 0;
  private checked = 0;
  private passed = 0;
  private byRule = zeroRules();
  private readonly dayOf: Intl.DateTimeFormat;

  constructor(
    private readonly clock: Clock,
    timeZone = 'UTC',
  ) {
    // en-CA formats as YYYY-MM-DD.
    this.dayOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    this.roll();
  }

  /** Counts a call that has ended. */
  add(call: BookedCall): void {
    if (!call.ended) return;
    this.roll();
    const verdict = call.ended.standards;
    if (verdict) {
      this.checked++;
      if (verdict.pass) this.passed++;
      for (const v of verdict.violations) this.byRule[v.rule]++;
    }
    // The day's call counts are the hotline's callers; a callback leg only adds to the standards summary.
    if (call.direction === 'callback') return;
    this.byOutcome[call.ended.outcome]++;
    const a = answerMs(call.timeline);
    if (a !== undefined) {
      this.answers.push(a);
      if (this.answers.length > MAX_SAMPLES) this.answers = this.answers.slice(MAX_SAMPLES / 2);
    }
    if (leftWithoutWord(call.timeline)) this.silent++;
  }

  /** Today's numbers. */
  kpis(): DayKpis {
    this.roll();
    const calls = Object.values(this.byOutcome).reduce((a, b) => a + b, 0);
    return {
      day: this.day,
      calls,
      byOutcome: { ...this.byOutcome },
      abandonRate: calls === 0 ? 0 : this.byOutcome.abandoned / calls,
      answerP95Ms: percentile(this.answers, 95),
      leftWithoutWord: this.silent,
      standards: { checked: this.checked, passed: this.passed, byRule: { ...this.byRule } },
    };
  }

  private roll(): void {
    const today = this.dayOf.format(new Date(this.clock.now()));
    if (today === this.day) return;
    this.day = today;
    this.byOutcome = zeroOutcomes();
    this.answers = [];
    this.silent = 0;
    this.checked = 0;
    this.passed = 0;
    this.byRule = zeroRules();
  }
}

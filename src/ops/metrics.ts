/**
 * Prometheus metrics for the hotline, from the call book's events (so they
 * count what the timelines say happened) and the callback queue (read at
 * scrape time). Labels come only from fixed lists (steps, outcomes, dial
 * results): never a call id, a number or a prompt text, so the series count
 * stays bounded however many calls come in.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { TimelineEntry } from '../call/timeline.js';
import type { Clock } from '../clock/clock.js';
import type { CallbackQueue } from '../store/callback-queue.js';
import { leftWithoutWord, OUTCOMES, STEPS } from './call-facts.js';
import type { BookedCall, CallBook } from './call-book.js';
import { RULE_IDS } from './standards-check/rules.js';

const DIAL_RESULTS = ['answered', 'busy', 'no-answer', 'failed'] as const;
const bounded = (v: unknown, allowed: readonly string[]): string => (allowed.includes(String(v)) ? String(v) : 'other');

/** The queue as one scrape sees it. */
interface QueueRead {
  up: boolean;
  pending: number;
  dialing: number;
  oldestAgeSec: number;
}

async function readQueue(queue: CallbackQueue, clock: Clock): Promise<QueueRead> {
  try {
    const open = await queue.list({ status: ['pending', 'dialing'] });
    const first = open.find((c) => c.status === 'pending') ?? open[0];
    return {
      up: true,
      pending: open.filter((c) => c.status === 'pending').length,
      dialing: open.filter((c) => c.status === 'dialing').length,
      oldestAgeSec: first ? Math.max(0, (clock.now() - Date.parse(first.createdAt)) / 1000) : 0,
    };
  } catch {
    return { up: false, pending: 0, dialing: 0, oldestAgeSec: 0 };
  }
}

/** Options for OpsMetrics. */
export interface OpsMetricsOptions {
  book: CallBook;
  queue: CallbackQueue;
  clock: Clock;
  configVersion: () => string;
}

/** The registry and the book listeners that feed it. */
export class OpsMetrics {
  readonly registry = new Registry();
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  private readonly detach: () => void;
  private queueRead: Promise<QueueRead> | undefined;

  constructor(o: OpsMetricsOptions) {
    const r = [this.registry];
    const calls = new Counter({ name: 'hotline_calls_total', help: 'Calls ended, by outcome (transferred, callback, no-sound, abandoned, served, failed).', labelNames: ['outcome'], registers: r });
    for (const v of OUTCOMES) calls.inc({ outcome: v }, 0);
    const hangups = new Counter({ name: 'hotline_hangups_total', help: 'Who hung up first: the caller or us.', labelNames: ['by'], registers: r });
    for (const v of ['caller', 'us']) hangups.inc({ by: v }, 0);
    const silent = new Counter({ name: 'hotline_calls_left_without_word_total', help: 'Calls whose caller went over 30 s without a word from us (not counting time with a colleague).', registers: r });
    const answer = new Histogram({ name: 'hotline_answer_latency_seconds', help: 'Time from the call reaching us to the answer.', buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5], registers: r });
    const played = new Counter({ name: 'hotline_prompts_played_total', help: 'Prompts played to the end (or stopped by a key).', registers: r });
    const failed = new Counter({ name: 'hotline_prompts_failed_total', help: 'Prompts that did not play (failed or timed out).', registers: r });
    const reprompts = new Counter({ name: 'hotline_silence_reprompts_total', help: 'Questions asked again because the line stayed silent.', registers: r });
    const noSound = new Counter({ name: 'hotline_no_sound_closes_total', help: 'Calls closed with the no-sound message.', registers: r });
    const hold = new Histogram({ name: 'hotline_hold_seconds', help: 'How long callers were held (look-ups and ringing colleagues).', buckets: [5, 15, 30, 60, 120, 180, 300], registers: r });
    const checkIns = new Counter({ name: 'hotline_hold_check_ins_total', help: 'Spoken check-ins during holds.', registers: r });
    const transfers = new Counter({ name: 'hotline_transfers_total', help: 'Transfer dials by result.', labelNames: ['result'], registers: r });
    for (const v of DIAL_RESULTS) transfers.inc({ result: v }, 0);
    const captured = new Counter({ name: 'hotline_callbacks_captured_total', help: 'Callback requests stored from calls.', registers: r });
    const storeFailed = new Counter({ name: 'hotline_callback_store_failures_total', help: 'Callback requests that could not be stored.', registers: r });
    const checks = new Counter({ name: 'hotline_standards_checks_total', help: 'Finished calls held against the call standards, by verdict (pass or fail).', labelNames: ['verdict'], registers: r });
    for (const v of ['pass', 'fail']) checks.inc({ verdict: v }, 0);
    const violations = new Counter({ name: 'hotline_standards_violations_total', help: 'Rules of the call standards broken by finished calls, by rule.', labelNames: ['rule'], registers: r });
    for (const v of RULE_IDS) violations.inc({ rule: v }, 0);
    const book = o.book;
    new Gauge({
      name: 'hotline_live_calls',
      help: 'Calls in progress, by flow step.',
      labelNames: ['step'],
      registers: r,
      collect() {
        for (const s of STEPS) this.set({ step: s }, 0);
        for (const c of book.liveCalls()) this.inc({ step: c.step });
      },
    });
    // One read of the queue per scrape feeds the three queue gauges (text() clears it).
    const read = (): Promise<QueueRead> => (this.queueRead ??= readQueue(o.queue, o.clock));
    new Gauge({
      name: 'hotline_callback_queue_up',
      help: '1 when the callback queue answered this scrape, 0 when it failed.',
      registers: r,
      async collect() {
        this.set((await read()).up ? 1 : 0);
      },
    });
    new Gauge({
      name: 'hotline_callbacks_pending',
      help: 'Callback requests waiting to be called back (pending, or being dialled).',
      labelNames: ['status'],
      registers: r,
      async collect() {
        const q = await read();
        this.set({ status: 'pending' }, q.pending);
        this.set({ status: 'dialing' }, q.dialing);
      },
    });
    new Gauge({
      name: 'hotline_callbacks_oldest_pending_age_seconds',
      help: 'Age of the oldest callback request still waiting (0 when none).',
      registers: r,
      async collect() {
        this.set((await read()).oldestAgeSec);
      },
    });
    const configVersion = o.configVersion;
    new Gauge({
      name: 'hotline_config_info',
      help: 'The flow config version new calls take (value always 1).',
      labelNames: ['version'],
      registers: r,
      collect() {
        this.reset();
        this.set({ version: configVersion() }, 1);
      },
    });
    const loop = this.loop;
    loop.enable();
    new Gauge({
      name: 'hotline_event_loop_delay_seconds',
      // Not `quantile`: Prometheus reserves that label for summaries (promtool check metrics refuses it on a gauge).
      help: 'Event-loop delay since the last scrape (stat p50, p99 and max); a busy loop delays prompts and answers.',
      labelNames: ['stat'],
      registers: r,
      collect() {
        const s = (ns: number): number => (Number.isFinite(ns) ? ns / 1e9 : 0);
        this.set({ stat: 'p50' }, s(loop.percentile(50)));
        this.set({ stat: 'p99' }, s(loop.percentile(99)));
        this.set({ stat: 'max' }, s(loop.max));
        loop.reset();
      },
    });

    const onEntry = (_c: BookedCall, e: TimelineEntry): void => {
      switch (e.kind) {
        case 'answered':
          answer.observe(e.t / 1000);
          break;
        case 'prompt-finished':
          if (e['status'] === 'failed' || e['status'] === 'watchdog') failed.inc();
          else if (e['status'] === 'finished' || e['status'] === 'stopped') played.inc();
          break;
        case 'asked':
          if (Number(e['silences'] ?? 0) > 0) reprompts.inc();
          break;
        case 'no-sound-close':
          noSound.inc();
          break;
        case 'hold-ended':
          hold.observe(Number(e['heldMs'] ?? 0) / 1000);
          break;
        case 'hold-check-in':
          checkIns.inc();
          break;
        case 'dial-result':
          transfers.inc({ result: bounded(e['result'], DIAL_RESULTS) });
          break;
        case 'callback-stored':
          captured.inc();
          break;
        case 'callback-store-failed':
          storeFailed.inc();
          break;
        default:
          break;
      }
    };
    const onEnded = (c: BookedCall): void => {
      if (!c.ended) return;
      const verdict = c.ended.standards;
      if (verdict) {
        checks.inc({ verdict: verdict.pass ? 'pass' : 'fail' });
        for (const v of verdict.violations) violations.inc({ rule: bounded(v.rule, RULE_IDS) });
      }
      // Calls by outcome and who hung up count the hotline's callers, not the dialer's legs.
      if (c.direction === 'callback') return;
      calls.inc({ outcome: c.ended.outcome });
      hangups.inc({ by: c.ended.endedBy });
      if (leftWithoutWord(c.timeline)) silent.inc();
    };
    book.on('entry', onEntry);
    book.on('ended', onEnded);
    this.detach = () => {
      book.off('entry', onEntry);
      book.off('ended', onEnded);
    };
  }

  /** The exposition text. */
  async text(): Promise<string> {
    this.queueRead = undefined;
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  close(): void {
    this.detach();
    this.loop.disable();
  }
}

/**
 * The calls ops can look at: every live call with its step, and the last N
 * finished calls (oldest dropped first) with whole timelines, in memory
 * only — a restart starts an empty book. It tells its listeners about each
 * change so the metrics and the live page follow without polling.
 */
import { EventEmitter } from 'node:events';
import type { TimelineEntry } from '../call/timeline.js';
import type { Clock } from '../clock/clock.js';
import { nextStep, outcomeOf, stepOf, type Outcome, type Step } from './call-facts.js';
import type { CallEventSource, EndedCall, StartedCall } from './call-source.js';
import type { TimelineEntryEvent } from '../call/runner.js';
import type { StandardsVerdict } from './standards-check/rules.js';

/** One call as the book keeps it. */
export interface BookedCall {
  id: string;
  callerNumber: string;
  configVersion: string;
  /** Epoch ms (the service's clock) the call began. */
  startedAt: number;
  step: Step;
  /** Epoch ms the call entered its current step. */
  stepSince: number;
  timeline: TimelineEntry[];
  /** 'callback': the customer's leg of a dialer attempt (default: an inbound caller). */
  direction?: 'inbound' | 'callback';
  /** Another leg kept with this one (the colleague's leg of a callback). */
  otherLeg?: { name: string; timeline: TimelineEntry[] };
  /** Set once the call has ended; `standards` once it was checked. */
  ended?: { at: number; endedBy: 'caller' | 'us'; outcome: Outcome; standards?: StandardsVerdict };
}

/** Holds a finished call's timeline against the standards (undefined: no check configured). */
export type StandardsChecker = (call: BookedCall) => StandardsVerdict | undefined;

/** Filters for list(). */
export interface CallFilter {
  /** Epoch ms: calls started at or after. */
  since?: number;
  outcome?: Outcome | 'live';
  limit?: number;
}

export const DEFAULT_RECENT_CALLS = 500;

/** Events: 'started' (BookedCall), 'entry' (BookedCall, TimelineEntry, stepChanged: boolean), 'ended' (BookedCall). */
export class CallBook extends EventEmitter {
  private readonly live = new Map<string, BookedCall>();
  /** Finished calls, oldest first. */
  private readonly recent: BookedCall[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    source: CallEventSource,
    private readonly clock: Clock,
    private readonly keep = DEFAULT_RECENT_CALLS,
    private readonly check?: StandardsChecker,
  ) {
    super();
    const onStarted = (c: StartedCall): void => this.started(c);
    const onEntry = (e: TimelineEntryEvent): void => this.entry(e);
    const onEnded = (s: EndedCall): void => this.ended(s);
    source.on('call-started', onStarted);
    source.on('timeline-entry', onEntry);
    source.on('call-ended', onEnded);
    this.unsubscribe = () => {
      source.off('call-started', onStarted);
      source.off('timeline-entry', onEntry);
      source.off('call-ended', onEnded);
    };
  }

  /** Stops listening to the source. */
  close(): void {
    this.unsubscribe();
  }

  /** Live calls, oldest first. */
  liveCalls(): BookedCall[] {
    return [...this.live.values()];
  }

  /** A live or recent call. */
  get(id: string): BookedCall | undefined {
    return this.live.get(id) ?? this.recent.find((c) => c.id === id);
  }

  /** Live and recent calls matching the filter, newest first. */
  list(f: CallFilter = {}): BookedCall[] {
    const all = [...this.recent, ...this.live.values()].sort((a, b) => b.startedAt - a.startedAt);
    const out = all
      .filter((c) => f.since === undefined || c.startedAt >= f.since)
      .filter((c) => f.outcome === undefined || (f.outcome === 'live' ? !c.ended : c.ended?.outcome === f.outcome));
    return f.limit !== undefined ? out.slice(0, f.limit) : out;
  }

  private started(c: StartedCall): void {
    if (this.live.has(c.id)) return;
    // The call-started entry is added before the runner emits 'call-started':
    // take what the timeline holds so far, later entries arrive one by one.
    const timeline = c.timeline.entries();
    const call: BookedCall = {
      id: c.id,
      callerNumber: c.caller.number,
      configVersion: c.configVersion,
      startedAt: c.timeline.startedAt,
      step: stepOf(timeline),
      stepSince: c.timeline.startedAt + (timeline.at(-1)?.t ?? 0),
      timeline,
    };
    this.live.set(c.id, call);
    this.emit('started', call);
  }

  private entry({ callId, entry }: TimelineEntryEvent): void {
    const call = this.live.get(callId);
    if (!call) return;
    call.timeline.push(entry);
    const step = nextStep(call.step, entry);
    const changed = step !== call.step;
    if (changed) {
      call.step = step;
      call.stepSince = call.startedAt + entry.t;
    }
    this.emit('entry', call, entry, changed);
  }

  private ended(s: EndedCall): void {
    const call = this.live.get(s.id) ?? {
      // A call that began before the book did: what the summary tells.
      id: s.id,
      callerNumber: s.callerNumber,
      configVersion: s.configVersion,
      startedAt: this.clock.now() - (s.timeline.at(-1)?.t ?? 0),
      step: stepOf(s.timeline),
      stepSince: this.clock.now(),
      timeline: [],
    };
    this.live.delete(s.id);
    call.timeline = [...s.timeline];
    call.ended = { at: this.clock.now(), endedBy: s.endedBy, outcome: outcomeOf(s.timeline, s.endedBy) };
    this.finish(call);
  }

  /** Books a call that is over already (a dialer attempt's customer leg, reported at its end). */
  addFinished(call: BookedCall): void {
    if (!call.ended || this.get(call.id)) return;
    this.finish(call);
  }

  private finish(call: BookedCall): void {
    // Listeners (metrics, the day's numbers, the store, the page) all see the verdict.
    try {
      const verdict = this.check?.(call);
      if (verdict && call.ended) call.ended.standards = verdict;
    } catch {
      // A check that throws must not lose the call from the book; it stays unchecked.
    }
    this.recent.push(call);
    while (this.recent.length > this.keep) this.recent.shift();
    this.emit('ended', call);
  }
}

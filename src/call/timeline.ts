/**
 * A call's timeline: what was said and heard, with milliseconds since the
 * call began, for quality review and for tests that assert exact timings.
 * Each entry is also logged as one line (JSON off a terminal).
 */
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import { maskFields } from '../log/mask.js';

/** Kinds of timeline entries. */
export type TimelineKind =
  | 'call-started'
  | 'answered'
  | 'config'
  | 'prompt-started'
  | 'prompt-finished'
  | 'heard'
  | 'silence'
  | 'asked'
  | 'reply'
  | 'no-sound-close'
  | 'menu-choice'
  | 'menu-exhausted'
  | 'step-result'
  | 'busy-choice'
  | 'identity'
  | 'hold-max'
  | 'callback-capture'
  | 'not-understood'
  | 'language'
  | 'hold-started'
  | 'hold-check-in'
  | 'hold-callback-offer'
  | 'hold-ended'
  | 'dial-started'
  | 'dial-result'
  | 'bridged'
  | 'unbridged'
  | 'digits'
  | 'recording-started'
  | 'recorded'
  | 'callback-stored'
  | 'callback-store-failed'
  | 'readopted'
  | 'error'
  | 'hangup'
  // The callback dialer's legs (src/dialer/):
  | 'whisper'
  | 'machine-detected'
  | 'right-person'
  | 'abandon-check'
  | 'report'
  | 'attempt-ended';

/** One timeline entry. */
export interface TimelineEntry {
  /** Milliseconds since the call began. */
  t: number;
  kind: TimelineKind;
  [detail: string]: unknown;
}

/** Append-only list of what happened on one call. */
export class Timeline {
  private readonly list: TimelineEntry[] = [];
  private readonly started: number;

  constructor(
    private readonly callId: string,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** Told of each entry as it is added (the runner re-emits it for live views such as the ops page). */
    private readonly onAdd?: (entry: TimelineEntry) => void,
  ) {
    this.started = clock.now();
  }

  /** Virtual or real epoch ms at which the call began. */
  get startedAt(): number {
    return this.started;
  }

  /** Adds an entry stamped with the current clock. */
  add(kind: TimelineKind, details: Record<string, unknown> = {}): TimelineEntry {
    const entry: TimelineEntry = { t: this.clock.now() - this.started, kind, ...details };
    this.list.push(entry);
    // Phone numbers are personal data: the log gets the last 4 digits only (the timeline keeps them whole for ops).
    // Built only when info lines are written: this runs for every event of every call.
    if (this.log.isInfoEnabled()) this.log.info(kind, { callId: this.callId, t: entry.t, ...maskFields(details) });
    if (this.onAdd) {
      // An observer is never allowed to break the call it watches.
      try {
        this.onAdd({ ...entry });
      } catch (err) {
        this.log.warn(`timeline observer failed: ${err instanceof Error ? err.message : String(err)}`, { callId: this.callId });
      }
    }
    return entry;
  }

  /** All entries so far (a copy). */
  entries(): TimelineEntry[] {
    return [...this.list];
  }

  /** Entries of one kind. */
  ofKind(kind: TimelineKind): TimelineEntry[] {
    return this.list.filter((e) => e.kind === kind);
  }

  /** One line per entry, for printing a call's story. */
  format(): string {
    return formatTimeline(this.list);
  }
}

/**
 * One line per entry ("  12.345s  kind  key=value ..."), for printing a call's
 * or a leg's story. Number fields are masked (last 4 digits): these lines go
 * to a terminal or a log (the demo, `hotline calls`), never to a single-record
 * view where ops need the whole number.
 */
export function formatTimeline(entries: readonly TimelineEntry[]): string {
  return entries
    .map((e) => {
      const { t, kind, ...rest } = maskFields(e);
      const details = Object.entries(rest)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      return `${(t / 1000).toFixed(3).padStart(8)}s  ${kind}${details ? '  ' + details : ''}`;
    })
    .join('\n');
}

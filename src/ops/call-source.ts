/**
 * What the ops server listens to: the CallRunner's events, or anything that
 * emits the same three (a fake in tests). Only the fields read here are
 * required, so a test double need not build a whole CallContext.
 */
import type { TimelineEntry } from '../call/timeline.js';
import type { CallSummary, TimelineEntryEvent } from '../call/runner.js';

/** The part of a CallContext read at 'call-started'. */
export interface StartedCall {
  id: string;
  caller: { number: string };
  configVersion: string;
  timeline: { startedAt: number; entries(): TimelineEntry[] };
}

/** The part of a CallSummary read at 'call-ended'. */
export type EndedCall = Pick<CallSummary, 'id' | 'callerNumber' | 'configVersion' | 'endedBy' | 'timeline'>;

/** An EventEmitter-like source of call events (CallRunner is one). */
export interface CallEventSource {
  on(event: 'call-started', fn: (c: StartedCall) => void): unknown;
  on(event: 'timeline-entry', fn: (e: TimelineEntryEvent) => void): unknown;
  on(event: 'call-ended', fn: (s: EndedCall) => void): unknown;
  off(event: 'call-started', fn: (c: StartedCall) => void): unknown;
  off(event: 'timeline-entry', fn: (e: TimelineEntryEvent) => void): unknown;
  off(event: 'call-ended', fn: (s: EndedCall) => void): unknown;
}

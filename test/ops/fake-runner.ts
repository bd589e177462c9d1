/**
 * A stand-in for the CallRunner's events in ops tests: calls started,
 * entries added and calls ended by hand, stamped by a VirtualClock.
 */
import { EventEmitter } from 'node:events';
import type { TimelineEntry, TimelineKind } from '../../src/call/timeline.js';
import type { VirtualClock } from '../../src/clock/virtual-clock.js';

/** One fake call. */
export interface FakeCall {
  id: string;
  add(kind: TimelineKind, details?: Record<string, unknown>): TimelineEntry;
  end(endedBy: 'caller' | 'us'): void;
}

/** Emits 'call-started', 'timeline-entry' and 'call-ended' as CallRunner does. */
export class FakeRunner extends EventEmitter {
  constructor(private readonly clock: VirtualClock) {
    super();
  }

  start(id: string, from = '13912345678', configVersion = 'v-test'): FakeCall {
    const startedAt = this.clock.now();
    const entries: TimelineEntry[] = [];
    const add = (kind: TimelineKind, details: Record<string, unknown> = {}): TimelineEntry => {
      const entry: TimelineEntry = { t: this.clock.now() - startedAt, kind, ...details };
      entries.push(entry);
      this.emit('timeline-entry', { callId: id, entry: { ...entry } });
      return entry;
    };
    add('call-started', { from, configVersion });
    this.emit('call-started', { id, caller: { number: from, name: '' }, configVersion, timeline: { startedAt, entries: () => [...entries] } });
    return {
      id,
      add,
      end: (endedBy) => {
        add('hangup', { by: endedBy, cause: 16 });
        this.emit('call-ended', { id, callerNumber: from, configVersion, endedBy, cause: 16, timeline: [...entries], formatted: '' });
      },
    };
  }
}

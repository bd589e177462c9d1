/**
 * The simulator's fault registry: tests add faults, the simulator's request
 * dispatch, event hub, playbacks and recordings ask it whether one applies.
 * It counts what it injected, so a run can report "faults injected".
 */
import { matches, type FaultKind, type FaultMatch, type FaultSpec } from './fault-spec.js';

/** A fault with its remaining budget. */
interface LiveFault {
  spec: FaultSpec;
  skip: number;
  left: number;
}

/** What a request, an event or a media item looks like to the matcher. */
export interface FaultSubject {
  method?: string;
  path?: string;
  transport?: 'http' | 'websocket';
  channel?: string;
  event?: string;
  media?: string;
}

type KindName = FaultKind['kind'];

/** The faults switched on in one simulator. */
export class FaultBook {
  private readonly faults: LiveFault[] = [];
  private readonly counts = new Map<KindName, number>();
  /** A share of requests (0..1) answered 500, drawn from `random` (load runs). */
  private failShare = 0;
  private random: () => number = Math.random;

  /** Switches a fault on; returns a function that switches it off. */
  add(spec: FaultSpec): () => void {
    const f: LiveFault = { spec, skip: spec.skip ?? 0, left: spec.times ?? 1 };
    this.faults.push(f);
    return () => {
      const i = this.faults.indexOf(f);
      if (i >= 0) this.faults.splice(i, 1);
    };
  }

  /** Answers a share of all requests with 500 (e.g. 0.01 for 1 %), drawn from `random` (seed it for replays). */
  failRequests(share: number, random: () => number = Math.random): void {
    this.failShare = share;
    this.random = random;
  }

  /** Switches every fault off (counts are kept). */
  clear(): void {
    this.faults.length = 0;
    this.failShare = 0;
  }

  /** Faults injected so far, by kind, and in all. */
  injected(): { total: number; byKind: Partial<Record<KindName, number>> } {
    const byKind: Partial<Record<KindName, number>> = {};
    let total = 0;
    for (const [k, n] of this.counts) {
      byKind[k] = n;
      total += n;
    }
    return { total, byKind };
  }

  /** Counts a fault injected outside the book (a dropped link, a restart). */
  note(kind: string): void {
    this.counts.set(kind as KindName, (this.counts.get(kind as KindName) ?? 0) + 1);
  }

  /**
   * The fault of one of `kinds` that applies to `subject`, spending one use
   * of it; undefined when none does. Random request failures count as status 500.
   */
  take<K extends KindName>(kinds: readonly K[], subject: FaultSubject): Extract<FaultKind, { kind: K }> | undefined {
    for (const f of this.faults) {
      if (f.left <= 0 || !(kinds as readonly string[]).includes(f.spec.kind) || !fits(f.spec.match, subject)) continue;
      if (f.skip > 0) {
        f.skip--;
        continue;
      }
      f.left--;
      this.note(f.spec.kind);
      return f.spec as unknown as Extract<FaultKind, { kind: K }>;
    }
    if (this.failShare > 0 && subject.method !== undefined && (kinds as readonly string[]).includes('status') && this.random() < this.failShare) {
      this.note('status');
      return { kind: 'status', status: 500 } as Extract<FaultKind, { kind: K }>;
    }
    return undefined;
  }
}

function fits(m: FaultMatch | undefined, s: FaultSubject): boolean {
  if (!m) return true;
  if (m.method !== undefined && m.method.toUpperCase() !== s.method) return false;
  if (m.transport !== undefined && m.transport !== s.transport) return false;
  if (m.event !== undefined && m.event !== s.event) return false;
  if (m.path !== undefined && (s.path === undefined || (typeof m.path === 'string' ? !s.path.includes(m.path) : !m.path.test(s.path)))) return false;
  return matches(m.channel, s.channel) && matches(m.media, s.media);
}

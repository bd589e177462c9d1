/**
 * Identifier sources shaped like Asterisk's: channel uniqueids
 * (<epoch seconds>.<n>), the 8-hex-digit suffixes in channel names, and
 * UUIDs for playbacks and bridges.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock/clock.js';

/** Hands out ids; one per simulator so runs are reproducible. */
export class IdSource {
  private uniqueSeq = 0;
  private readonly nameSeqs = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  /** A channel uniqueid as Asterisk makes them when the client picks none. */
  uniqueId(): string {
    return `${Math.floor(this.clock.now() / 1000)}.${this.uniqueSeq++}`;
  }

  /** The next name suffix for a channel technology (Local and PJSIP count separately). */
  nameSuffix(tech: string): string {
    const n = this.nameSeqs.get(tech) ?? 0;
    this.nameSeqs.set(tech, n + 1);
    return n.toString(16).padStart(8, '0');
  }

  /** A random UUID (playback, bridge and protocol ids). */
  uuid(): string {
    return randomUUID();
  }
}

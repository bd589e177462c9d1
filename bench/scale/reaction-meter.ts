/**
 * Event-to-command latency, as the scale run defines it: the time from an
 * ARI event about a channel reaching the client to the next command for
 * that channel, when the command is sent in the same turn of the event loop
 * as the event's arrival (the reaction the event started, with no timer and
 * no other I/O in between). Commands a timer sends (a hold check-in) or that
 * follow another command's answer are not reactions to an event and are not
 * counted. Several events for one channel in one turn: the latest counts.
 * The end of a turn is told by `endTurn` (setImmediate in the real run: it
 * runs after the poll phase in which the socket's frames were read).
 */
import { LatencyHistogram } from './histogram.js';

/** Measures event -> command reactions per channel. */
export class ReactionMeter {
  readonly latency = new LatencyHistogram();
  private readonly arrived = new Map<string, number>();
  private turnEndScheduled = false;

  constructor(
    private readonly now: () => number,
    private readonly scheduleTurnEnd: (fn: () => void) => void,
  ) {}

  /** An event about `channelId` arrived. */
  event(channelId: string): void {
    this.arrived.set(channelId, this.now());
    if (this.turnEndScheduled) return;
    this.turnEndScheduled = true;
    this.scheduleTurnEnd(() => {
      this.turnEndScheduled = false;
      this.arrived.clear();
    });
  }

  /** A command for `channelId` is being sent. */
  command(channelId: string): void {
    const at = this.arrived.get(channelId);
    if (at === undefined) return;
    this.arrived.delete(channelId);
    this.latency.add(this.now() - at);
  }
}

/** The channel id of an ARI REST path (/channels/{id}/...), undefined for other resources. */
export function channelOfPath(path: string): string | undefined {
  if (!path.startsWith('/channels/')) return undefined;
  const end = path.indexOf('/', 10);
  const id = end < 0 ? path.slice(10) : path.slice(10, end);
  return id.length === 0 || id === 'create' ? undefined : decodeURIComponent(id);
}

/** The channel id an ARI event is about: its channel, a Dial's peer, or a playback's target ("channel:<id>"). */
export function channelOfEvent(e: Record<string, unknown>): string | undefined {
  const ch = (e['channel'] ?? e['peer']) as { id?: unknown } | undefined;
  if (ch && typeof ch.id === 'string') return ch.id;
  const target = (e['playback'] as { target_uri?: unknown } | undefined)?.target_uri;
  if (typeof target === 'string' && target.startsWith('channel:')) return target.slice(8);
  return undefined;
}

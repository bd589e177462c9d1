/**
 * Event faults, applied in the event hub to each event on its way to an
 * app: lost, sent twice, or overtaken by the next event to the same app.
 *
 * Reordering stays inside what Asterisk can do. Events are published per
 * topic and an app's socket interleaves topics, so two events about
 * different things raised at about the same moment may come in either
 * order (a ChannelDtmfReceived and the PlaybackFinished of a prompt ending
 * as the key is pressed; a PlaybackFinished and the RESTResponse/201 of the
 * play that caused it). What Asterisk never does, and this never does:
 * reorder two events about the same playback, recording or bridge (Started
 * always before Finished); let anything about a channel follow its
 * StasisEnd or ChannelDestroyed; move an event later than `withinMs`
 * (default 20 ms) of simulator time.
 */
import type { AriEvent } from '../core/event-hub.js';
import type { SimContext } from '../core/sim-context.js';
import type { TimerHandle } from '../../clock/clock.js';

type Send = (e: AriEvent) => void;

interface HeldBack {
  event: AriEvent;
  send: Send;
  timer: TimerHandle | undefined;
}

const ENDS_A_CHANNEL = new Set(['StasisEnd', 'ChannelDestroyed']);

/** The drop/duplicate/reorder filter of one simulator's event hub. */
export class EventFaults {
  private readonly held = new Map<string, HeldBack>();

  constructor(private readonly ctx: SimContext) {}

  /** Delivers `event` to `app` through `send`, with whatever fault applies to it. */
  deliver(app: string, event: AriEvent, send: Send): void {
    const waiting = this.held.get(app);
    const fault = this.ctx.faults.take(['drop-event', 'duplicate-event', 'reorder-event'], { event: event.type, channel: channelOfEvent(event) });
    if (waiting) {
      this.held.delete(app);
      this.ctx.faultTimers.cancel(waiting.timer);
      if (mayOvertake(event, waiting.event)) {
        this.deliverNow(event, fault?.kind, send);
        waiting.send(waiting.event);
        return;
      }
      waiting.send(waiting.event);
    }
    if (fault?.kind === 'reorder-event') {
      const h: HeldBack = { event, send, timer: undefined };
      h.timer = this.ctx.faultTimers.after(fault.withinMs ?? 20, () => {
        if (this.held.get(app) !== h) return;
        this.held.delete(app);
        send(event);
      });
      this.held.set(app, h);
      return;
    }
    this.deliverNow(event, fault?.kind, send);
  }

  private deliverNow(event: AriEvent, kind: string | undefined, send: Send): void {
    if (kind === 'drop-event') return;
    send(event);
    if (kind === 'duplicate-event') send(event);
  }
}

/** The channel an event is about: its channel, or the channel a playback or recording targets. */
export function channelOfEvent(e: AriEvent): string | undefined {
  const ch = e['channel'] as { id?: unknown } | undefined;
  if (ch && typeof ch.id === 'string') return ch.id;
  for (const key of ['playback', 'recording']) {
    const target = (e[key] as { target_uri?: unknown } | undefined)?.target_uri;
    if (typeof target === 'string' && target.startsWith('channel:')) return target.slice('channel:'.length);
  }
  return undefined;
}

/** The object an event is about, beyond its channel: a playback, a recording or a bridge. */
function objectOf(e: AriEvent): string | undefined {
  for (const key of ['playback', 'recording', 'bridge']) {
    const o = e[key] as { id?: unknown; name?: unknown } | undefined;
    if (o) return `${key}:${String(o.id ?? o.name)}`;
  }
  return undefined;
}

/** True when `next` may be delivered before `held` (see the header). */
function mayOvertake(next: AriEvent, held: AriEvent): boolean {
  const ch = channelOfEvent(held);
  if (ch !== undefined && ch === channelOfEvent(next) && ENDS_A_CHANNEL.has(next.type)) return false;
  if (ENDS_A_CHANNEL.has(held.type)) return false;
  const a = objectOf(held);
  if (a !== undefined && a === objectOf(next)) return false;
  // Two events of one channel with no other object are one topic: never reordered.
  if (a === undefined && objectOf(next) === undefined && ch !== undefined && ch === channelOfEvent(next)) return false;
  return true;
}

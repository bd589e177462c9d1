/**
 * The fault-injection API a test holds (sim.faults): request, event and
 * media faults (FaultBook), and link faults: the event sockets go silent
 * (no close frame, no pong, no events, no replies, HTTP unanswered, until
 * the client gives up on the socket), or Asterisk restarts (every channel,
 * bridge and socket gone at once, with no event about it).
 */
import type { SimContext } from '../core/sim-context.js';
import type { FaultSpec } from './fault-spec.js';

/** sim.faults */
export class SimFaults {
  constructor(private readonly ctx: SimContext) {}

  /** Switches a fault on (see FaultSpec); returns a function that switches it off. */
  add(spec: FaultSpec): () => void {
    return this.ctx.faults.add(spec);
  }

  /** Answers a share (0..1) of all requests with 500; seed `random` so a run replays. */
  failRequests(share: number, random?: () => number): void {
    this.ctx.faults.failRequests(share, random);
  }

  /** Switches every fault off. */
  clear(): void {
    this.ctx.faults.clear();
  }

  /** Faults injected so far. */
  injected(): ReturnType<SimContext['faults']['injected']> {
    return this.ctx.faults.injected();
  }

  /** The link dies without a close frame: every open event socket goes silent until the client drops it. */
  goSilent(): void {
    if (this.ctx.hub.silenceAll() > 0) this.ctx.faults.note('silent-link');
  }

  /** True while a silenced socket is still open. */
  isSilent(): boolean {
    return this.ctx.hub.isSilent();
  }

  /** Asterisk restarts: channels, bridges and sockets are gone, and nobody is told (the app only sees its socket close). */
  restart(): void {
    this.ctx.faults.note('restart');
    this.ctx.faultTimers.clearAll();
    this.ctx.lifecycle.discardAll();
    this.ctx.bridges.discardAll();
    this.ctx.hub.closeAll();
  }

  /** Drops every event socket as a network failure would (TCP reset, no close frame); Asterisk keeps its state. */
  dropSockets(): void {
    this.ctx.faults.note('dropped-link');
    this.ctx.hub.closeAll();
  }
}

/**
 * A channel being dialed, and how its far end's answers turn into ARI events.
 * Two flavours, as in Asterisk: an originate (POST /channels, main/dial.c:
 * status Dial events carry the dialstring, answer enters Stasis) and an ARI
 * dial of a created channel (POST /channels/{id}/dial, the dial bridge:
 * status Dial events carry an empty dialstring, timeout hangs up with 19).
 */
import { Cause } from '../core/causes.js';
import type { SimContext } from '../core/sim-context.js';
import type { Channel } from './channel.js';

/** Something on the far side of a dialed channel (a phone, a Local dialplan). */
export interface FarEnd {
  /** The channel is being called. */
  start(leg: OutboundLeg): void;
}

/** Options of one outbound attempt. */
export interface LegOptions {
  /** Stasis app to enter on answer (originate only). */
  app?: string;
  appArgs?: string[];
  /** Give up after this long unanswered (0 = never). */
  timeoutMs: number;
}

/** One dial attempt. */
export class OutboundLeg {
  constructor(
    private readonly ctx: SimContext,
    readonly ch: Channel,
    readonly mode: 'originate' | 'ari-dial',
    private readonly dialstring: string,
    private readonly opts: LegOptions,
  ) {}

  /** Publishes the initial Dial and arms the timeout. */
  start(): void {
    this.ch.dialed = true;
    this.ctx.publish.dial(this.ch, '', this.dialstring);
    if (this.opts.timeoutMs > 0) this.ch.timers.after(this.opts.timeoutMs, () => this.timeout());
  }

  /** The far end is ringing. */
  ringing(): void {
    if (!this.ch.live || this.ch.state === 'Up' || this.ch.state === 'Ringing') return;
    this.ctx.channelMedia.setState(this.ch, 'Ringing');
    this.ctx.publish.dial(this.ch, 'RINGING', this.statusDialstring());
  }

  /** The far end answered. */
  answered(): void {
    if (!this.ch.live || this.ch.state === 'Up') return;
    this.ctx.channelMedia.setState(this.ch, 'Up');
    this.ctx.publish.dial(this.ch, 'ANSWER', this.statusDialstring());
    if (this.mode !== 'originate') return;
    if (!this.opts.app) {
      // Originated into the dialplan: the sim has none beyond its Local contexts.
      this.ctx.lifecycle.hangup(this.ch, { cause: Cause.NORMAL_CLEARING, by: 'asterisk' });
      return;
    }
    if (!this.ctx.stasis.enter(this.ch, this.opts.app, this.opts.appArgs ?? [], false)) {
      this.ctx.lifecycle.hangup(this.ch, { cause: Cause.NORMAL_CLEARING, by: 'asterisk' });
    }
  }

  /** The far end is busy. An originate gives up at once; an ARI dial leaves the channel to its far end. */
  busy(): void {
    if (!this.ch.live) return;
    this.ctx.publish.dial(this.ch, 'BUSY', this.statusDialstring());
    if (this.mode === 'originate') this.ctx.lifecycle.hangup(this.ch, { cause: Cause.USER_BUSY, by: 'caller' });
  }

  /** ast_call failed: the channel is soft-hung-up (ARI dial) or dropped (originate). */
  callFailed(): void {
    if (!this.ch.live) return;
    if (this.mode === 'originate') this.ctx.lifecycle.hangup(this.ch, { cause: Cause.UNKNOWN, by: 'asterisk' });
    // AST_SOFTHANGUP_DEV is 1; ARI reports the soft hangup flag as the cause.
    else this.ctx.lifecycle.hangup(this.ch, { request: { cause: 1, soft: true }, cause: Cause.UNKNOWN, by: 'asterisk' });
  }

  private timeout(): void {
    if (!this.ch.live || this.ch.state === 'Up') return;
    if (this.mode === 'ari-dial') {
      // control.c hangup_channel: cause NO_ANSWER, soft hangup EXPLICIT (32).
      this.ctx.lifecycle.hangup(this.ch, { request: { cause: 32, soft: true }, cause: Cause.NO_ANSWER, by: 'asterisk' });
      return;
    }
    this.ctx.publish.dial(this.ch, 'NOANSWER', this.statusDialstring());
    this.ctx.lifecycle.hangup(this.ch, { cause: Cause.NO_ANSWER, by: 'asterisk' });
  }

  private statusDialstring(): string {
    return this.mode === 'originate' ? this.dialstring : '';
  }
}

/**
 * Hanging channels up and destroying them, in the event order Asterisk 22
 * produces (see the traces): hangup request, playback/recording/bridge
 * teardown, StasisEnd, STASISSTATUS, then ChannelDestroyed. A Local channel
 * takes its other half down with it, in the interleaving the traces show.
 */
import type { SimContext } from '../core/sim-context.js';
import type { Channel, HangupBy } from './channel.js';

/** How a hangup starts and ends. */
export interface HangupOptions {
  /** ChannelHangupRequest to publish first; omitted when the channel just goes away. */
  request?: { cause: number; soft: boolean };
  /** Q.850 cause ChannelDestroyed carries. */
  cause: number;
  /** Who ended the call (caller logs). */
  by: HangupBy;
}

/** Channel teardown. */
export class Lifecycle {
  constructor(private readonly ctx: SimContext) {}

  /** Hangs up a live channel (and its Local peer); ignored if already going. */
  hangup(ch: Channel, opts: HangupOptions): void {
    if (!ch.live) return;
    ch.phase = 'hanging-up';
    ch.hangupCause = opts.cause;
    if (opts.request) this.request(ch, opts.request.cause, opts.request.soft);
    const peer = ch.localPeer?.live ? ch.localPeer : undefined;
    const deferred: (() => void)[] = [];
    if (peer && ch.localHalf === 2) {
      // The dialplan half ended: the Stasis half hears a hard hangup after it.
      peer.phase = 'hanging-up';
      peer.hangupCause = opts.cause;
      this.request(peer, opts.cause, false);
      deferred.push(...this.teardown(ch));
      this.destroy(ch, opts.cause, opts.by);
      deferred.push(...this.teardown(peer));
      this.destroy(peer, opts.cause, opts.by);
    } else if (peer) {
      // The Stasis half ended: the dialplan half is told, outlives it briefly, then goes.
      deferred.push(...this.teardown(ch));
      peer.phase = 'hanging-up';
      this.request(peer, 16, false);
      this.destroy(ch, opts.cause, opts.by);
      deferred.push(...this.teardown(peer));
      this.request(peer, 16, true);
      this.destroy(peer, 16, opts.by);
    } else {
      deferred.push(...this.teardown(ch));
      this.destroy(ch, opts.cause, opts.by);
    }
    for (const fn of deferred) fn();
  }

  /** Removes every channel without events (simulator shutdown). */
  discardAll(): void {
    for (const ch of this.ctx.channels.all()) {
      ch.phase = 'destroyed';
      ch.signal({ kind: 'destroyed', cause: 16, by: 'asterisk' });
      this.release(ch);
    }
  }

  private request(ch: Channel, cause: number, soft: boolean): void {
    this.ctx.publish.hangupRequest(ch, cause, soft);
    ch.signal({ kind: 'hangup-requested', cause });
  }

  /** Stops what the channel is doing and takes it out of Stasis; returns follow-ups for bridge peers. */
  private teardown(ch: Channel): (() => void)[] {
    ch.control.close();
    this.ctx.playbacks.onChannelHangup(ch);
    this.ctx.recordings.onChannelHangup(ch);
    const deferred = this.ctx.bridges.onChannelHangup(ch);
    for (const cleanup of ch.cleanups.splice(0)) cleanup();
    this.ctx.channelMedia.silence(ch);
    if (ch.stasis) this.ctx.stasis.leave(ch);
    return deferred;
  }

  private destroy(ch: Channel, cause: number, by: HangupBy): void {
    ch.phase = 'destroyed';
    // After Stasis the dialplan shows where the channel returned to: the
    // originate placeholder app, or nothing for channels that ran their own.
    if (ch.origin === 'originate') ch.dialplan = { ...ch.dialplan, app_name: 'AppDial2', app_data: '(Outgoing Line)' };
    else ch.dialplan = { ...ch.dialplan, app_name: '', app_data: '' };
    this.ctx.publish.destroyed(ch, cause);
    ch.signal({ kind: 'destroyed', cause, by });
    this.release(ch);
  }

  private release(ch: Channel): void {
    ch.timers.clearAll(true);
    ch.control.close();
    for (const cleanup of ch.cleanups.splice(0)) cleanup();
    ch.subscriptions.clear();
    this.ctx.channels.remove(ch);
    this.ctx.playbacks.forgetChannel(ch);
    ch.clearListeners();
  }
}

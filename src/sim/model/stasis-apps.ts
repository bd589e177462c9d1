/**
 * Entering and leaving Stasis, and the Application objects GET /applications
 * reports. An application is listed while connected, or while it still has
 * subscribed channels or bridges (Asterisk keeps such apps around inactive).
 */
import { AriError } from '../core/ari-error.js';
import type { SimContext } from '../core/sim-context.js';
import type { Channel } from './channel.js';

/** Stasis membership of channels. */
export class StasisApps {
  constructor(private readonly ctx: SimContext) {}

  /**
   * Puts the channel into the app, as the Stasis() dialplan app does. Returns
   * false when no socket is registered for the app (Stasis fails, STASISSTATUS=FAILED).
   */
  enter(ch: Channel, app: string, args: string[], announceDialplanApp: boolean): boolean {
    if (!ch.live) return false;
    const data = args.length > 0 ? `${app},${args.join(',')}` : app;
    ch.setDialplanApp('Stasis', data);
    if (announceDialplanApp) this.ctx.publish.dialplan(ch);
    if (!this.ctx.hub.isActive(app)) {
      ch.vars.set('STASISSTATUS', 'FAILED');
      return false;
    }
    // Set before the app's own subscription exists: only apps that subscribed
    // earlier (originate, create) see this ChannelVarset, as on Asterisk.
    ch.vars.set('STASISSTATUS', '');
    this.ctx.publish.varset(ch, 'STASISSTATUS', '');
    ch.subscribe(app);
    ch.stasis = { app, args: [...args] };
    this.ctx.publish.stasisStart(ch, app, args);
    return true;
  }

  /** StasisEnd, drop the app's Stasis subscription, STASISSTATUS=SUCCESS. */
  leave(ch: Channel): void {
    const stasis = ch.stasis;
    if (!stasis) return;
    this.ctx.publish.stasisEnd(ch, stasis.app);
    ch.stasis = undefined;
    ch.subscribe(stasis.app, -1);
    ch.vars.set('STASISSTATUS', 'SUCCESS');
    this.ctx.publish.varset(ch, 'STASISSTATUS', 'SUCCESS');
  }

  /** Names of all known applications. */
  names(): string[] {
    const names = new Set(this.ctx.hub.activeApps());
    for (const ch of this.ctx.channels.all()) for (const app of ch.subscribedApps()) names.add(app);
    for (const b of this.ctx.bridges.all()) for (const app of b.subscriptions.keys()) names.add(app);
    for (const d of this.ctx.deviceStates.watchedApps()) names.add(d);
    return [...names];
  }

  /** ARI Application object, or 404 Application not found. */
  json(name: string): Record<string, unknown> {
    if (!this.names().includes(name)) throw new AriError(404, 'Application not found');
    return {
      name,
      channel_ids: this.ctx.channels
        .all()
        .filter((ch) => ch.subscribedApps().includes(name))
        .map((ch) => ch.id),
      bridge_ids: this.ctx.bridges
        .all()
        .filter((b) => (b.subscriptions.get(name) ?? 0) > 0)
        .map((b) => b.id),
      endpoint_ids: [],
      device_names: this.ctx.deviceStates.devicesOf(name),
      events_allowed: [],
      events_disallowed: [],
    };
  }
}

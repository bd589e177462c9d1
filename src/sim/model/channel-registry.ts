/**
 * All live channels by id, plus construction of new ones. Lookups accept a
 * channel name too, as Asterisk's ast_channel_get_by_name does.
 */
import { AriError, channelNotFound } from '../core/ari-error.js';
import type { SimContext } from '../core/sim-context.js';
import { Channel, type ChannelInit } from './channel.js';

/** Fields a caller supplies to make a channel; the registry adds the rest. */
export type NewChannel = Omit<ChannelInit, 'timers' | 'onControlError' | 'creationtime'>;

/** The channel table. */
export class ChannelRegistry {
  private readonly byId = new Map<string, Channel>();

  constructor(private readonly ctx: SimContext) {}

  /** Makes and registers a channel; the id must be free. */
  create(init: NewChannel): Channel {
    if (this.byId.has(init.id)) throw new AriError(409, 'Channel with given unique ID already exists');
    const ch = new Channel({
      ...init,
      creationtime: this.ctx.clock.now(),
      timers: this.ctx.timers.group(`channel ${init.id}`),
      onControlError: (name, err) =>
        this.ctx.logger.error('sim: channel command failed', { channel: init.id, command: name, error: String(err) }),
    });
    this.byId.set(ch.id, ch);
    this.refreshDevice(ch);
    return ch;
  }

  /** True if an id is taken. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** A channel by uniqueid or name. */
  find(idOrName: string): Channel | undefined {
    const hit = this.byId.get(idOrName);
    if (hit) return hit;
    for (const ch of this.byId.values()) if (ch.name === idOrName) return ch;
    return undefined;
  }

  /** A channel or 404 Channel not found. */
  require(idOrName: string): Channel {
    const ch = this.find(idOrName);
    if (!ch) throw channelNotFound();
    return ch;
  }

  /**
   * The channel for an operation that needs Stasis: 404 if it does not exist,
   * 409 if it exists outside Stasis (find_control in resource_channels.c).
   */
  requireInStasis(idOrName: string): Channel {
    const ch = this.require(idOrName);
    if (!ch.stasis || !ch.live) throw new AriError(409, 'Channel not in Stasis application');
    return ch;
  }

  /** Removes a destroyed channel. */
  remove(ch: Channel): void {
    if (this.byId.get(ch.id) === ch) this.byId.delete(ch.id);
    this.refreshDevice(ch);
  }

  /** A phone channel coming, going or changing state may change its device's state. */
  refreshDevice(ch: Channel): void {
    const device = this.ctx.deviceStates?.deviceOf(ch);
    if (device !== undefined) this.ctx.deviceStates.refresh(device);
  }

  /** Live channels in creation order. */
  all(): Channel[] {
    return [...this.byId.values()];
  }
}

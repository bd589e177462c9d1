/**
 * Stasis bridges. Joining publishes ChannelEnteredBridge (channels list with
 * the newcomer first, as in the trace) and sets BRIDGEPEER on every member of
 * a mixing bridge; leaving clears the leaver's BRIDGEPEER before
 * ChannelLeftBridge and the others' after. An app is subscribed to a bridge
 * when one of its Stasis channels joins it, and unsubscribed when that
 * channel is moved out (removeChannel, another bridge). A channel that hangs
 * up inside the bridge leaves its app subscribed, as on a real 22.10.1: the
 * app still gets BridgeDestroyed when the bridge is deleted.
 */
import { AriError } from '../core/ari-error.js';
import type { SimContext } from '../core/sim-context.js';
import type { Channel } from './channel.js';
import { bridgeJson, type BridgeShape } from './json-shapes.js';

/** A bridge and who listens to it. */
export interface BridgeRecord extends BridgeShape {
  /** App -> number of its Stasis channels in the bridge. */
  subscriptions: Map<string, number>;
}

/** All bridges of the simulator. */
export class Bridges {
  private readonly byId = new Map<string, BridgeRecord>();

  constructor(private readonly ctx: SimContext) {}

  /** POST /bridges: 409 on a taken id, 500 for a type Asterisk cannot build. */
  create(type: string | undefined, id: string | undefined, name: string | undefined): BridgeRecord {
    if (id && this.byId.has(id)) throw new AriError(409, `Bridge with id '${id}' already exists`);
    const kind = bridgeKind(type ?? 'mixing');
    if (!kind) throw new AriError(500, `Unable to create bridge. Possible duplicate bridge id '${id ?? '(null)'}'`);
    const bridge: BridgeRecord = {
      id: id && id.length > 0 ? id : this.ctx.ids.uuid(),
      name: name ?? '',
      kind,
      channelIds: [],
      creationtime: this.ctx.clock.now(),
      subscriptions: new Map(),
    };
    this.byId.set(bridge.id, bridge);
    return bridge;
  }

  /** A bridge or 404 Bridge not found. */
  require(id: string): BridgeRecord {
    const bridge = this.byId.get(id);
    if (!bridge) throw new AriError(404, 'Bridge not found');
    return bridge;
  }

  /** All bridges. */
  all(): BridgeRecord[] {
    return [...this.byId.values()];
  }

  /** ARI JSON of a bridge. */
  json(bridge: BridgeRecord): Record<string, unknown> {
    return bridgeJson(bridge);
  }

  /** Puts a Stasis channel into the bridge (leaving any other bridge first). */
  join(bridge: BridgeRecord, ch: Channel): void {
    if (!ch.live || !this.byId.has(bridge.id) || ch.bridgeId === bridge.id) return;
    if (ch.bridgeId) this.leave(ch, true).forEach((fn) => fn());
    bridge.channelIds.unshift(ch.id);
    ch.bridgeId = bridge.id;
    if (ch.stasis) bridge.subscriptions.set(ch.stasis.app, (bridge.subscriptions.get(ch.stasis.app) ?? 0) + 1);
    this.ctx.publish.bridgeChannel('ChannelEnteredBridge', bridgeJson(bridge), ch, this.apps(bridge));
    this.updatePeers(bridge);
    ch.signal({ kind: 'bridge-entered', bridgeId: bridge.id, peers: this.peerNames(bridge, ch) });
    for (const other of this.members(bridge)) {
      if (other !== ch) other.signal({ kind: 'bridge-peers', bridgeId: bridge.id, peers: this.peerNames(bridge, other) });
    }
  }

  /**
   * Takes a channel out of its bridge; returns the peer updates to run
   * afterwards when publishPeerUpdatesLater. A hung-up channel keeps its
   * app's subscription to the bridge.
   */
  leave(ch: Channel, publishPeerUpdatesLater = false, hungUp = false): (() => void)[] {
    const bridge = ch.bridgeId ? this.byId.get(ch.bridgeId) : undefined;
    if (!bridge) return [];
    if ((ch.vars.get('BRIDGEPEER') ?? '') !== '') {
      ch.vars.set('BRIDGEPEER', '');
      this.ctx.publish.varset(ch, 'BRIDGEPEER', '');
    }
    bridge.channelIds = bridge.channelIds.filter((id) => id !== ch.id);
    ch.bridgeId = undefined;
    this.ctx.publish.bridgeChannel('ChannelLeftBridge', bridgeJson(bridge), ch, this.apps(bridge));
    if (ch.stasis && !hungUp) this.unsubscribe(bridge, ch.stasis.app);
    ch.signal({ kind: 'bridge-left', bridgeId: bridge.id });
    const followUp = (): void => {
      if (!this.byId.has(bridge.id)) return;
      this.updatePeers(bridge);
      for (const other of this.members(bridge)) {
        other.signal({ kind: 'bridge-peers', bridgeId: bridge.id, peers: this.peerNames(bridge, other) });
      }
    };
    if (!publishPeerUpdatesLater) {
      followUp();
      return [];
    }
    return [followUp];
  }

  /** A hanging-up channel leaves its bridge; peers are updated after it is destroyed. */
  onChannelHangup(ch: Channel): (() => void)[] {
    return this.leave(ch, true, true);
  }

  /** DELETE /bridges/{id}: everyone leaves (channels stay in Stasis), then BridgeDestroyed to the subscribed apps. */
  destroy(bridge: BridgeRecord): void {
    const apps = this.apps(bridge);
    for (const ch of this.members(bridge)) {
      if ((ch.vars.get('BRIDGEPEER') ?? '') !== '') {
        ch.vars.set('BRIDGEPEER', '');
        this.ctx.publish.varset(ch, 'BRIDGEPEER', '');
      }
      bridge.channelIds = bridge.channelIds.filter((id) => id !== ch.id);
      ch.bridgeId = undefined;
      this.ctx.publish.bridgeChannel('ChannelLeftBridge', bridgeJson(bridge), ch, apps);
      ch.signal({ kind: 'bridge-left', bridgeId: bridge.id });
    }
    this.byId.delete(bridge.id);
    if (apps.length > 0) this.ctx.publish.bridgeDestroyed(bridgeJson(bridge), apps);
    bridge.subscriptions.clear();
  }

  /** Removes all bridges without events (shutdown). */
  discardAll(): void {
    this.byId.clear();
  }

  /** Number of bridges. */
  count(): number {
    return this.byId.size;
  }

  /** Ids of the channels a channel hears in its bridge (none when not bridged). */
  peersOf(ch: Channel): string[] {
    const bridge = ch.bridgeId ? this.byId.get(ch.bridgeId) : undefined;
    return bridge ? this.peerNames(bridge, ch) : [];
  }

  /** Channels in the bridge, oldest member first. */
  members(bridge: BridgeRecord): Channel[] {
    return [...bridge.channelIds]
      .reverse()
      .map((id) => this.ctx.channels.find(id))
      .filter((c): c is Channel => c !== undefined);
  }

  private apps(bridge: BridgeRecord): string[] {
    return [...bridge.subscriptions.entries()].filter(([, n]) => n > 0).map(([app]) => app);
  }

  private unsubscribe(bridge: BridgeRecord, app: string): void {
    const n = (bridge.subscriptions.get(app) ?? 0) - 1;
    if (n > 0) bridge.subscriptions.set(app, n);
    else bridge.subscriptions.delete(app);
  }

  /** Ids of the other members a channel hears (none in a holding bridge). */
  private peerNames(bridge: BridgeRecord, ch: Channel): string[] {
    if (bridge.kind === 'holding') return [];
    return this.members(bridge)
      .filter((c) => c !== ch)
      .map((c) => c.id);
  }

  private updatePeers(bridge: BridgeRecord): void {
    if (bridge.kind === 'holding') return;
    const members = this.members(bridge);
    for (const ch of members) {
      const value = members.length < 2 ? '' : members.filter((c) => c !== ch).map((c) => c.name).join(',');
      if ((ch.vars.get('BRIDGEPEER') ?? '') === value) continue;
      ch.vars.set('BRIDGEPEER', value);
      this.ctx.publish.varset(ch, 'BRIDGEPEER', value);
    }
  }
}

function bridgeKind(type: string): 'mixing' | 'holding' | undefined {
  const words = type.split(',').map((w) => w.trim());
  // dtmf_events/proxy_media only modify mixing; alone they leave no capability (bridge_create_common).
  const mixing = words.includes('mixing') || words.includes('video_sfu');
  const holding = words.includes('holding');
  if (mixing === holding) return undefined;
  return holding ? 'holding' : 'mixing';
}

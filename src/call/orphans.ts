/**
 * Looking after channels an earlier run of the service left in the app
 * (a crash, a restart, a long disconnect). Nobody may be left in silence:
 * - a caller on their own gets the hotline from the start;
 * - an outbound leg we dialed, with no caller any more, is hung up;
 * - channels in a bridge are talking: we leave them be, and when one side
 *   hangs up we hang up the rest and remove the bridge, so nobody is left
 *   alone in a silent bridge.
 */
import type { ChannelHandle } from '../ari/channel-handle.js';
import type { OrphanInfo } from '../ari/client.js';
import type { Logger } from '../log/logger.js';

/** What the supervisor needs from the outside. */
export interface OrphanSupervisorOptions {
  logger: Logger;
  /** Starts a flow for a lone caller. */
  startCall(channel: ChannelHandle): void;
  /** Removes a bridge by id; one already gone is not an error. */
  destroyBridge(bridgeId: string): Promise<void>;
}

/** Decides what happens to each orphaned channel. */
export class OrphanSupervisor {
  private readonly bridges = new Map<string, Set<ChannelHandle>>();

  constructor(private readonly o: OrphanSupervisorOptions) {}

  /** Handles one orphan reported by the ARI client. */
  adopt(channel: ChannelHandle, info: OrphanInfo): void {
    if (info.bridgeId) {
      this.o.logger.warn(`orphaned channel ${channel.id} is in bridge ${info.bridgeId}: leaving the conversation be`);
      this.watchBridge(info.bridgeId, channel);
    } else if (info.dialed) {
      this.o.logger.warn(`orphaned outbound leg ${channel.id} has no caller any more: hanging it up`);
      void channel.hangup().catch(() => undefined);
    } else {
      this.o.logger.warn(`orphaned caller ${channel.id}: starting the hotline for them`);
      this.o.startCall(channel);
    }
  }

  /** Bridges being watched (for tests and leak checks). */
  watchedBridges(): number {
    return this.bridges.size;
  }

  private watchBridge(bridgeId: string, channel: ChannelHandle): void {
    let members = this.bridges.get(bridgeId);
    if (!members) {
      members = new Set();
      this.bridges.set(bridgeId, members);
    }
    members.add(channel);
    void channel.endedPromise.then(async () => {
      const group = this.bridges.get(bridgeId);
      if (!group) return;
      this.bridges.delete(bridgeId);
      for (const other of group) if (other !== channel) await other.hangup().catch(() => undefined);
      await this.o.destroyBridge(bridgeId).catch(() => undefined);
    });
  }
}

/**
 * Looking after channels an earlier run of the service left in the app
 * (a crash, a restart, a long disconnect). Nobody may be left in silence:
 * - a caller on their own gets the hotline from the start;
 * - an outbound leg we dialed, with no caller any more, is hung up;
 * - channels in a bridge are talking: we leave them be, and when one side
 *   hangs up we remove the bridge, hang up a dialed leg, and give a caller
 *   the polite close, so nobody is left alone in a silent bridge.
 */
import type { ChannelHandle } from '../ari/channel-handle.js';
import type { OrphanInfo } from '../ari/client.js';
import type { Logger } from '../log/logger.js';

/** What the supervisor needs from the outside. */
export interface OrphanSupervisorOptions {
  logger: Logger;
  /** Starts the recovery flow for a lone caller. */
  startCall(channel: ChannelHandle): void;
  /** Gives a caller whose bridged colleague left the polite close. */
  closeForCaller(channel: ChannelHandle): void;
  /** Removes a bridge by id; one already gone is not an error. */
  destroyBridge(bridgeId: string): Promise<void>;
}

/** Decides what happens to each orphaned channel. */
export class OrphanSupervisor {
  private readonly bridges = new Map<string, Map<ChannelHandle, OrphanInfo>>();

  constructor(private readonly o: OrphanSupervisorOptions) {}

  /** Handles one orphan reported by the ARI client. */
  adopt(channel: ChannelHandle, info: OrphanInfo): void {
    if (info.bridgeId) {
      this.o.logger.warn(`orphaned channel ${channel.id} is in bridge ${info.bridgeId}: leaving the conversation be`);
      this.watchBridge(info.bridgeId, channel, info);
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

  private watchBridge(bridgeId: string, channel: ChannelHandle, info: OrphanInfo): void {
    let members = this.bridges.get(bridgeId);
    if (!members) {
      members = new Map();
      this.bridges.set(bridgeId, members);
    }
    members.set(channel, info);
    void channel.endedPromise.then(async () => {
      const group = this.bridges.get(bridgeId);
      if (!group) return;
      this.bridges.delete(bridgeId);
      await this.o.destroyBridge(bridgeId).catch(() => undefined);
      for (const [other, otherInfo] of group) {
        if (other === channel || other.ended) continue;
        // A caller left behind gets the closing words; a dialed leg just ends.
        if (otherInfo.dialed) await other.hangup().catch(() => undefined);
        else this.o.closeForCaller(other);
      }
    });
  }
}

/** A mixing bridge joining a caller and an agent after a transfer is answered. */
import type { RestClient } from './rest.js';
import { AriHttpError } from './errors.js';
import type { Bridge } from './types.js';

/** What flows can do with a bridge. */
export interface BridgeHandle {
  readonly id: string;
  addChannels(channelIds: string[]): Promise<void>;
  /** Destroys the bridge; one that is already gone is not an error. */
  destroy(): Promise<void>;
}

/** BridgeHandle over ARI. */
export class AriBridge implements BridgeHandle {
  constructor(readonly snapshot: Bridge, private readonly rest: RestClient) {}

  get id(): string {
    return this.snapshot.id;
  }

  async addChannels(channelIds: string[]): Promise<void> {
    await this.rest.command('POST', `/bridges/${encodeURIComponent(this.id)}/addChannel`, { channel: channelIds });
  }

  async destroy(): Promise<void> {
    try {
      await this.rest.command('DELETE', `/bridges/${encodeURIComponent(this.id)}`);
    } catch (err) {
      if (!(err instanceof AriHttpError && err.status === 404)) throw err;
    }
  }
}

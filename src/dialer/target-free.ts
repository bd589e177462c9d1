/**
 * Knows when a callback target (a colleague's phone) is free, from
 * Asterisk's device state: the current state once (GET /deviceStates/{name})
 * and then DeviceStateChanged events of a deviceState:NAME subscription.
 * Free means NOT_INUSE; INUSE, RINGING, BUSY, UNAVAILABLE and the rest wait.
 */
import type { AriEvent, DeviceState, DeviceStateValue } from '../ari/types.js';

/** What the tracker needs from the ARI client (AriClient provides it). */
export interface DeviceStateSource {
  deviceState(name: string): Promise<DeviceState>;
  subscribeDeviceState(name: string): Promise<void>;
  unsubscribeDeviceState(name: string): Promise<void>;
  on(event: 'event', listener: (e: AriEvent) => void): unknown;
  off(event: 'event', listener: (e: AriEvent) => void): unknown;
}

/** True when a device in this state can take a call. */
export function isFree(state: DeviceStateValue | undefined): boolean {
  return state === 'NOT_INUSE';
}

/** Device states of the targets this dialer serves. */
export class TargetFreeTracker {
  private readonly states = new Map<string, DeviceStateValue>();
  private readonly waiters = new Set<{ device: string; resolve: (r: 'free' | 'stopped') => void }>();
  private readonly onEvent = (e: AriEvent): void => {
    if (e.type !== 'DeviceStateChanged') return;
    const { name, state } = e.device_state;
    if (!this.states.has(name)) return;
    this.states.set(name, state);
    if (!isFree(state)) return;
    for (const w of [...this.waiters]) {
      if (w.device !== name) continue;
      this.waiters.delete(w);
      w.resolve('free');
    }
  };
  private started = false;

  constructor(
    private readonly source: DeviceStateSource,
    private readonly devices: string[],
  ) {}

  /** Subscribes to every device and reads its current state. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.source.on('event', this.onEvent);
    for (const d of this.devices) {
      this.states.set(d, 'UNKNOWN');
      await this.source.subscribeDeviceState(d);
      const now = await this.source.deviceState(d);
      // An event that arrived meanwhile is newer than this read only if it said something else; keep the read when still UNKNOWN.
      if (this.states.get(d) === 'UNKNOWN') this.states.set(d, now.state);
    }
  }

  /**
   * Reads every device's state again (after the event socket came back: a
   * change while it was down sent its event to nobody) and wakes the waits
   * of devices that are free now.
   */
  async refresh(): Promise<void> {
    if (!this.started) return;
    for (const d of this.devices) {
      try {
        const now = await this.source.deviceState(d);
        this.onEvent({ type: 'DeviceStateChanged', device_state: { name: d, state: now.state } } as AriEvent);
      } catch {
        /* still unreachable: the next reconnect reads it again */
      }
    }
  }

  /** The last known state of a device. */
  state(device: string): DeviceStateValue | undefined {
    return this.states.get(device);
  }

  /** Resolves 'free' as soon as the device is NOT_INUSE, 'stopped' when the signal aborts or the tracker stops. */
  waitFree(device: string, signal?: AbortSignal): Promise<'free' | 'stopped'> {
    if (isFree(this.states.get(device))) return Promise.resolve('free');
    if (signal?.aborted || !this.started) return Promise.resolve('stopped');
    return new Promise((resolve) => {
      const w = {
        device,
        resolve: (r: 'free' | 'stopped'): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(r);
        },
      };
      const onAbort = (): void => {
        this.waiters.delete(w);
        w.resolve('stopped');
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(w);
    });
  }

  /** Pending waits, for leak checks. */
  pendingWaits(): number {
    return this.waiters.size;
  }

  /** Unsubscribes, drops the listener and ends every wait with 'stopped'. */
  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.source.off('event', this.onEvent);
    for (const w of [...this.waiters]) w.resolve('stopped');
    this.waiters.clear();
    for (const d of this.devices) await this.source.unsubscribeDeviceState(d).catch(() => undefined);
  }
}

/**
 * Device and endpoint states as Asterisk 22 reports them over ARI: a phone
 * endpoint's device state follows its channels (NOT_INUSE idle, RINGING,
 * INUSE while up, RINGINUSE both), UNAVAILABLE when it is not reachable,
 * INVALID when no such endpoint exists. Apps subscribed to
 * deviceState:NAME get a DeviceStateChanged whenever the state changes.
 */
import { AriError } from '../core/ari-error.js';
import type { SimContext } from '../core/sim-context.js';
import { asteriskTimestamp } from '../core/time-format.js';
import type { Channel } from './channel.js';
import { endpointName, PHONE_TECHS } from './endpoints.js';

/** The device states ARI reports (ast_devstate_str without the AST_DEVICE_ prefix). */
export type DeviceStateName =
  | 'UNKNOWN'
  | 'NOT_INUSE'
  | 'INUSE'
  | 'BUSY'
  | 'INVALID'
  | 'UNAVAILABLE'
  | 'RINGING'
  | 'RINGINUSE'
  | 'ONHOLD';

/** Device names and endpoints, their states and the apps watching them. */
export class DeviceStates {
  /** device name -> app -> subscription count */
  private readonly watchers = new Map<string, Map<string, number>>();
  /** Last state published per watched device, so only changes are sent. */
  private readonly lastSent = new Map<string, DeviceStateName>();
  /** Devices set through PUT /deviceStates (the Stasis: ones ARI controls). */
  private readonly controlled = new Map<string, DeviceStateName>();

  constructor(private readonly ctx: SimContext) {}

  /** The device name a channel counts towards ("PJSIP/2001"), if it is a phone channel. */
  deviceOf(ch: Channel): string | undefined {
    if (!PHONE_TECHS.has(ch.tech)) return undefined;
    return `${ch.tech}/${endpointName(ch.resource)}`;
  }

  /** Current state of a device name. */
  stateOf(name: string): DeviceStateName {
    const stasis = this.controlled.get(name);
    if (stasis !== undefined) return stasis;
    if (name.startsWith('Stasis:')) return 'UNKNOWN';
    const slash = name.indexOf('/');
    const tech = slash > 0 ? name.slice(0, slash) : '';
    const resource = slash > 0 ? name.slice(slash + 1) : '';
    if (!PHONE_TECHS.has(tech) || !this.ctx.endpoints.isDefined(`${tech}/${resource}`)) return 'INVALID';
    const behaviour = this.ctx.endpoints.behaviourFor(tech, resource);
    if (behaviour.kind === 'unavailable') return 'UNAVAILABLE';
    const chans = this.channelsOf(name);
    const up = chans.some((c) => c.state === 'Up');
    const ringing = chans.some((c) => c.state === 'Ringing' || c.state === 'Ring');
    if (up && ringing) return 'RINGINUSE';
    if (up) return 'INUSE';
    if (ringing) return 'RINGING';
    // A channel being set up (Down) counts as in use, as chan_pjsip's does.
    if (chans.length > 0) return 'INUSE';
    // A phone the sim makes answer busy is on a call we do not see.
    if (behaviour.kind === 'busy') return 'INUSE';
    return 'NOT_INUSE';
  }

  /** GET /deviceStates: only the ARI-controlled (Stasis:) devices, as res_ari_device_states lists. */
  listJson(): Record<string, unknown>[] {
    return [...this.controlled.entries()].map(([name, state]) => ({ name, state }));
  }

  /** GET /deviceStates/{name}: any device. */
  json(name: string): Record<string, unknown> {
    return { name, state: this.stateOf(name) };
  }

  /** PUT /deviceStates/{name}?deviceState=...: only Stasis: devices may be set. */
  setControlled(name: string, state: string): void {
    if (!name.startsWith('Stasis:')) throw new AriError(409, 'Uncontrolled device specified');
    const valid: DeviceStateName[] = ['UNKNOWN', 'NOT_INUSE', 'INUSE', 'BUSY', 'INVALID', 'UNAVAILABLE', 'RINGING', 'RINGINUSE', 'ONHOLD'];
    if (!valid.includes(state as DeviceStateName)) throw new AriError(400, 'Invalid device state');
    this.controlled.set(name, state as DeviceStateName);
    this.refresh(name);
  }

  /** GET /endpoints (optionally of one technology). */
  endpointsJson(tech?: string): Record<string, unknown>[] {
    return this.ctx.endpoints
      .names()
      .filter((n) => tech === undefined || n.startsWith(`${tech}/`))
      .map((n) => this.endpointJson(n));
  }

  /** GET /endpoints/{tech}/{resource}, or 404 Endpoint not found. */
  endpointByName(tech: string, resource: string): Record<string, unknown> {
    const name = `${tech}/${resource}`;
    if (!this.ctx.endpoints.isDefined(name)) throw new AriError(404, 'Endpoint not found');
    return this.endpointJson(name);
  }

  /** POST /applications/{app}/subscription?eventSource=deviceState:NAME. */
  subscribe(app: string, device: string, delta: 1 | -1): void {
    const apps = this.watchers.get(device) ?? new Map<string, number>();
    const n = (apps.get(app) ?? 0) + delta;
    if (n > 0) apps.set(app, n);
    else apps.delete(app);
    if (apps.size > 0) this.watchers.set(device, apps);
    else this.watchers.delete(device);
    if (apps.size > 0 && !this.lastSent.has(device)) this.lastSent.set(device, this.stateOf(device));
    if (apps.size === 0) this.lastSent.delete(device);
  }

  /** True when the app watches the device. */
  isSubscribed(app: string, device: string): boolean {
    return (this.watchers.get(device)?.get(app) ?? 0) > 0;
  }

  /** Device names an app watches (Application.device_names). */
  devicesOf(app: string): string[] {
    return [...this.watchers.entries()].filter(([, apps]) => apps.has(app)).map(([d]) => d);
  }

  /** Apps that watch any device (they stay listed by GET /applications). */
  watchedApps(): string[] {
    const apps = new Set<string>();
    for (const w of this.watchers.values()) for (const a of w.keys()) apps.add(a);
    return [...apps];
  }

  /** Re-evaluates a device (or all watched ones) and tells watchers about a change. */
  refresh(device?: string): void {
    const names = device !== undefined ? [device] : [...this.watchers.keys()];
    for (const name of names) {
      const apps = this.watchers.get(name);
      if (!apps) continue;
      const state = this.stateOf(name);
      if (this.lastSent.get(name) === state) continue;
      this.lastSent.set(name, state);
      this.ctx.hub.deliver(apps.keys(), {
        type: 'DeviceStateChanged',
        timestamp: asteriskTimestamp(this.ctx.clock.now()),
        device_state: { name, state },
      });
    }
  }

  private channelsOf(device: string): Channel[] {
    return this.ctx.channels.all().filter((c) => c.live && this.deviceOf(c) === device);
  }

  private endpointJson(name: string): Record<string, unknown> {
    const slash = name.indexOf('/');
    const tech = name.slice(0, slash);
    const resource = name.slice(slash + 1);
    const offline = this.ctx.endpoints.behaviourFor(tech, resource).kind === 'unavailable';
    return {
      technology: tech,
      resource,
      state: offline ? 'offline' : 'online',
      channel_ids: this.channelsOf(name).map((c) => c.id),
    };
  }
}

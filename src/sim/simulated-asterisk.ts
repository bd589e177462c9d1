/**
 * SimulatedAsterisk: an Asterisk 22 stand-in that speaks ARI (REST and the
 * event WebSocket) on loopback, with scripted callers and agent phones, all
 * timed by an injected Clock so tests can run long calls in milliseconds.
 */
import type { Clock } from '../clock/clock.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { SOUNDS_DIR } from '../sounds/layout.js';
import { placeInboundCall, type PlaceCallOptions, type SimCall } from './callers/inbound-call.js';
import { EventHub } from './core/event-hub.js';
import { IdSource } from './core/ids.js';
import type { SimContext } from './core/sim-context.js';
import { TimerBook } from './core/timers.js';
import { addBridgeRoutes } from './http/routes-bridges.js';
import { addChannelRoutes } from './http/routes-channels.js';
import { addDeviceRoutes } from './http/routes-devices.js';
import { addMiscRoutes } from './http/routes-misc.js';
import { Router } from './http/router.js';
import { AriServer } from './http/server.js';
import { Bridges } from './model/bridges.js';
import { ChannelMedia } from './model/channel-media.js';
import { ChannelRegistry } from './model/channel-registry.js';
import { DeviceStates } from './model/device-states.js';
import { Dialing } from './model/dialing.js';
import { Endpoints, type EndpointBehaviour, type FarEndCall } from './model/endpoints.js';
import { channelJson } from './model/json-shapes.js';
import { Lifecycle } from './model/lifecycle.js';
import { MediaLengths } from './model/media-lengths.js';
import { Playbacks } from './model/playbacks.js';
import { Publisher } from './model/publisher.js';
import { Recordings } from './model/recordings.js';
import { StasisApps } from './model/stasis-apps.js';
import { FaultBook } from './faults/fault-book.js';
import { EventFaults } from './faults/event-faults.js';
import { SimFaults } from './faults/sim-faults.js';

/** Constructor options. */
export interface SimulatedAsteriskOptions {
  clock: Clock;
  username: string;
  password: string;
  /** Listen address (default 127.0.0.1). */
  host?: string;
  /** Listen port (default 0: any free port). */
  port?: number;
  /** Where prompts live (default: the repo's sounds/). */
  soundsDir?: string;
  /** Media name -> length in ms; beats files and built-ins ("sound:x" or "x"). */
  soundLengths?: Record<string, number>;
  logger?: Logger;
  /**
   * Answer ARI REST requests sent on the event WebSocket (RESTRequest
   * frames), as Asterisk 20.14+/22.4+ does (default true). False models an
   * older Asterisk, which reads and drops those frames without a reply.
   */
  restOverWebSocket?: boolean;
}

/** Counts of live simulated objects, for leak checks. */
export interface SimStats {
  channels: number;
  playbacks: number;
  bridges: number;
  recordings: number;
  /** Clock timers the simulator has pending. */
  timers: number;
  /** Connected Stasis apps. */
  apps: number;
}

/** A simulated Asterisk with an ARI server. */
export class SimulatedAsterisk {
  private readonly ctx: SimContext;
  private readonly server: AriServer;
  private readonly host: string;
  private port: number | undefined;
  /** Fault injection: tests switch faults on per request, event, playback or recording, and break the link. */
  readonly faults: SimFaults;

  constructor(private readonly opts: SimulatedAsteriskOptions) {
    const logger = opts.logger ?? silentLogger();
    const ctx = { clock: opts.clock, logger } as SimContext;
    ctx.timers = new TimerBook(opts.clock, logger);
    ctx.ids = new IdSource(opts.clock);
    ctx.hub = new EventHub(opts.clock, logger);
    ctx.faults = new FaultBook();
    ctx.faultTimers = ctx.timers.group('faults');
    const eventFaults = new EventFaults(ctx);
    ctx.hub.faultFilter = (app, event, send) => eventFaults.deliver(app, event, send);
    ctx.publish = new Publisher(ctx);
    ctx.channels = new ChannelRegistry(ctx);
    ctx.lifecycle = new Lifecycle(ctx);
    ctx.stasis = new StasisApps(ctx);
    ctx.playbacks = new Playbacks(ctx);
    ctx.bridges = new Bridges(ctx);
    ctx.recordings = new Recordings(ctx);
    ctx.endpoints = new Endpoints();
    ctx.deviceStates = new DeviceStates(ctx);
    ctx.dialing = new Dialing(ctx);
    ctx.channelMedia = new ChannelMedia(ctx);
    ctx.media = new MediaLengths({
      clock: opts.clock,
      logger,
      soundsDir: opts.soundsDir ?? SOUNDS_DIR,
      overrides: opts.soundLengths ?? {},
      recordingLength: (name) => ctx.recordings.storedLength(name),
    });
    this.ctx = ctx;
    this.faults = new SimFaults(ctx);
    this.host = opts.host ?? '127.0.0.1';
    const router = new Router();
    addChannelRoutes(router, ctx);
    addBridgeRoutes(router, ctx);
    addMiscRoutes(router, ctx, opts.clock.now());
    addDeviceRoutes(router, ctx);
    this.server = new AriServer({ ctx, router, username: opts.username, password: opts.password, host: this.host, port: opts.port ?? 0, restOverWebSocket: opts.restOverWebSocket ?? true });
  }

  /** Base URL of the REST interface, e.g. http://127.0.0.1:40123/ari (after start). */
  get url(): string {
    if (this.port === undefined) throw new Error('SimulatedAsterisk: not started');
    return `http://${this.host}:${this.port}/ari`;
  }

  /** Reads prompt lengths and starts listening. */
  async start(): Promise<void> {
    if (this.port !== undefined) return;
    await this.ctx.media.warm();
    this.port = await this.server.listen();
    this.ctx.logger.info('simulated Asterisk listening', { url: this.url });
  }

  /** Drops every call and connection and stops listening. */
  async stop(): Promise<void> {
    this.ctx.faultTimers.clearAll();
    this.ctx.lifecycle.discardAll();
    this.ctx.bridges.discardAll();
    if (this.port === undefined) return;
    await this.server.close();
    this.port = undefined;
  }

  /** Places a scripted inbound call into a Stasis app. */
  placeCall(opts: PlaceCallOptions): SimCall {
    return placeInboundCall(this.ctx, opts);
  }

  /** Sets what a phone endpoint (e.g. 'PJSIP/2001') does when dialed; takes effect on the next dial. */
  defineEndpoint(endpoint: string, behaviour: EndpointBehaviour): void {
    this.ctx.endpoints.define(endpoint, behaviour);
    this.ctx.deviceStates.refresh(endpoint);
  }

  /**
   * Sets how an outbound customer behaves when the trunk dials their number
   * (PJSIP/<number>@trunk reaches the endpoint PJSIP/<number>): answer after
   * afterMs and run a caller script, busy, no answer, or an answering machine.
   */
  defineCustomer(number: string, behaviour: EndpointBehaviour): void {
    this.defineEndpoint(`PJSIP/${number}`, behaviour);
  }

  /** Calls placed to a phone endpoint ('PJSIP/2001') or a customer's number, oldest first, with what each far end heard. */
  callsTo(endpointOrNumber: string): FarEndCall[] {
    return this.ctx.endpoints.callsTo(endpointOrNumber.includes('/') ? endpointOrNumber : `PJSIP/${endpointOrNumber}`);
  }

  /** A device's state as GET /deviceStates/{name} reports it. */
  deviceState(name: string): string {
    return this.ctx.deviceStates.stateOf(name);
  }

  /** ARI JSON of every live channel. */
  channels(): Record<string, unknown>[] {
    return this.ctx.channels.all().map(channelJson);
  }

  /** REST requests answered so far: over HTTP, and as RESTRequest frames on event sockets. */
  restRequests(): { http: number; websocket: number } {
    return { ...this.server.answered };
  }

  /** Live object counts. */
  stats(): SimStats {
    return {
      channels: this.ctx.channels.all().length,
      playbacks: this.ctx.playbacks.count(),
      bridges: this.ctx.bridges.count(),
      recordings: this.ctx.recordings.count(),
      timers: this.ctx.timers.pending(),
      apps: this.ctx.hub.activeApps().length,
    };
  }
}

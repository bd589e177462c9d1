/**
 * Our typed ARI client: events over one WebSocket, REST over one keep-alive
 * agent or as RESTRequest frames on that same WebSocket (Asterisk
 * 20.14+/22.4+, probed on every connect unless forced), per-channel
 * routing, staged playback, and reconnect forever.
 * After a reconnect it asks Asterisk which channels are still in the app:
 * calls whose channel is still there are re-adopted (their events resume),
 * calls whose channel vanished while we were away are ended, and channels we
 * do not know are reported as orphans for the service to look after.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import { RestClient } from './rest.js';
import { EventSocket, type EventSocketOptions } from './event-socket.js';
import { EventRouter } from './router.js';
import type { TransportKind, TransportMode } from './transport.js';
import { WsTransport } from './ws-transport.js';
import { AriTransportError } from './errors.js';
import { probeRestOverWebSocket } from './transport-probe.js';
import { AriChannel } from './channel.js';
import { AriBridge, type BridgeHandle } from './bridge.js';
import type { ChannelHandle } from './channel-handle.js';
import { toAriEvent, type Application, type AriEvent, type Bridge, type Channel, type DeviceState, type Endpoint, type StasisStartEvent } from './types.js';

/** Options for AriClient. */
export interface AriClientOptions extends EventSocketOptions {
  requestTimeoutMs?: number;
  maxSockets?: number;
  /** How long createChannel waits for the new channel's StasisStart (default 5 s). */
  stasisStartTimeoutMs?: number;
  /** How long a call's request waits for a lost connection to come back before failing (default 30 s). */
  outageGraceMs?: number;
  /**
   * How REST requests travel (default 'auto'). 'auto' sends one probe on
   * each new event socket and uses the socket for REST when Asterisk
   * answers it, keep-alive HTTP otherwise; 'http' and 'websocket' force one.
   */
  transport?: TransportMode;
  /** How long the 'auto' probe waits for an answer before falling back to HTTP (default 2 s). */
  transportProbeMs?: number;
}

/** Options for createChannel. */
export interface CreateChannelOptions {
  /** Dial string, e.g. PJSIP/2001 or Local/sales@agents. */
  endpoint: string;
  channelId?: string;
  appArgs?: string;
  /**
   * Caller ID the far end is shown (an outbound call to a customer): set as
   * CALLERID(num) and CALLERID(name) on the new channel, which is what
   * Asterisk presents when the channel is dialed.
   */
  callerId?: { name: string; number: string };
}

/** What is known about a channel found in the app that no call of ours owns. */
export interface OrphanInfo {
  /** The bridge it is in, if any (a conversation that goes on without us). */
  bridgeId?: string;
  /** True for an outbound leg we created (appArgs "dialed"), not a caller. */
  dialed: boolean;
}

/**
 * Events: 'call' (ChannelHandle, StasisStartEvent) for each new inbound
 * channel; 'orphan' (ChannelHandle, OrphanInfo) for unknown channels found in
 * the app on connect; 'connection' ('up' | 'down'); 'readopted' (ids); 'event' (AriEvent).
 */
export class AriClient extends EventEmitter {
  readonly rest: RestClient;
  readonly router = new EventRouter();
  private readonly socket: EventSocket;
  private readonly handles = new Map<string, AriChannel>();
  private readonly pendingCreates = new Map<string, (e: StasisStartEvent) => void>();
  private readonly log: Logger;
  private readonly mode: TransportMode;
  private readonly ws: WsTransport;
  /** Settles once the current socket's transport is chosen (connect() waits for it). */
  private chosen: Promise<void> = Promise.resolve();
  /** Counts sockets opened, so a probe's late result never applies to a newer socket. */
  private opened = 0;
  /** Set when a socket closed under the probe: later sockets are not probed (they would be closed too). */
  private probeClosedSocket = false;
  private lastChoice: TransportKind | undefined;
  private saidForcedInVain = false;

  constructor(private readonly opts: AriClientOptions) {
    super();
    // Every call waiting out an outage listens for 'connection' (waitConnected): thousands at once are expected.
    this.setMaxListeners(0);
    this.log = opts.logger;
    this.rest = new RestClient({
      baseUrl: opts.url,
      username: opts.username,
      password: opts.password,
      clock: opts.clock,
      isOnline: () => this.socket.isOpen(),
      ...(opts.maxSockets !== undefined ? { maxSockets: opts.maxSockets } : {}),
      ...(opts.requestTimeoutMs !== undefined ? { timeoutMs: opts.requestTimeoutMs } : {}),
    });
    this.socket = new EventSocket(opts);
    this.mode = opts.transport ?? 'auto';
    this.ws = new WsTransport({ clock: opts.clock, timeoutMs: this.rest.timeoutMs, sendFrame: (text) => this.socket.send(text) });
    if (this.mode === 'websocket') this.rest.use(this.ws);
    this.socket.on('message', (m: Record<string, unknown>) => this.onMessage(m));
    this.socket.on('open', (reconnected: boolean) => {
      this.chosen = this.chooseTransport();
      this.emit('connection', 'up');
      // On every open, not only reconnects: a restarted service must find the
      // callers its previous process left in the app. It logs the reconnect
      // (one line per state change, with what re-adoption found).
      void this.readopt(reconnected);
    });
    this.socket.on('down', (err: Error) => {
      const reason = err instanceof AriTransportError ? err.reason : 'event socket closed';
      this.log.warn(`ARI event socket lost (${reason}); reconnecting`);
      // Requests sent on the lost socket will never be answered: fail them now,
      // and the HTTP ones too (the peer may be dead); calls retry them once back.
      this.ws.failAll();
      this.rest.abortHttp(`connection to Asterisk lost (${reason})`);
      if (this.mode === 'auto') this.rest.use(undefined);
      this.emit('connection', 'down');
    });
  }

  /** The Stasis app name. */
  get app(): string {
    return this.opts.app;
  }

  /** How REST requests travel now: over HTTP, or on the event WebSocket. */
  get transport(): TransportKind {
    return this.rest.transport;
  }

  /**
   * Connects; resolves once the event socket is open and the REST transport
   * chosen (rejects with AriAuthError on bad credentials).
   */
  async connect(): Promise<void> {
    await this.socket.start();
    await this.chosen;
  }

  /** True while the event socket is open. */
  isConnected(): boolean {
    return this.socket.isOpen();
  }

  /** Resolves true as soon as connected, or false after timeoutMs. */
  waitConnected(timeoutMs: number): Promise<boolean> {
    if (this.isConnected()) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const onUp = (state: string): void => {
        if (state !== 'up') return;
        this.opts.clock.clearTimeout(timer);
        this.off('connection', onUp);
        resolve(true);
      };
      const timer = this.opts.clock.setTimeout(() => {
        this.off('connection', onUp);
        resolve(false);
      }, timeoutMs);
      this.on('connection', onUp);
    });
  }

  /** Closes the socket and keep-alive connections. */
  close(): void {
    this.socket.stop();
    this.ws.failAll('client closed');
    this.rest.close();
  }

  /** Drops the event socket as a network failure would (for tests and drills). */
  dropConnectionForTest(): void {
    this.socket.dropForTest();
  }

  /** Asterisk's version string (GET /asterisk/info). */
  async asteriskVersion(): Promise<string> {
    const info = await this.rest.request<{ system?: { version?: string } }>('GET', '/asterisk/info');
    return info.system?.version ?? 'unknown';
  }

  /** Creates an outbound channel into our app and waits for its StasisStart (it cannot be dialed before). */
  async createChannel(o: CreateChannelOptions): Promise<ChannelHandle> {
    const channelId = o.channelId ?? `out-${randomUUID()}`;
    let timer: ReturnType<Clock['setTimeout']> | undefined;
    const started = new Promise<StasisStartEvent>((resolve, reject) => {
      timer = this.opts.clock.setTimeout(() => {
        this.pendingCreates.delete(channelId);
        reject(new Error(`channel ${channelId} did not enter Stasis within ${this.opts.stasisStartTimeoutMs ?? 5000} ms`));
      }, this.opts.stasisStartTimeoutMs ?? 5000);
      this.pendingCreates.set(channelId, (e) => {
        this.opts.clock.clearTimeout(timer);
        resolve(e);
      });
    });
    try {
      const variables = o.callerId ? { 'CALLERID(num)': o.callerId.number, 'CALLERID(name)': o.callerId.name } : undefined;
      await this.rest.request<Channel>(
        'POST',
        '/channels/create',
        { endpoint: o.endpoint, app: this.opts.app, appArgs: o.appArgs ?? 'dialed', channelId },
        variables ? { variables } : undefined,
      );
    } catch (err) {
      // No channel, so no StasisStart will come: stop waiting for it.
      this.pendingCreates.delete(channelId);
      this.opts.clock.clearTimeout(timer);
      throw err;
    }
    const ev = await started;
    return this.handles.get(ev.channel.id) ?? this.adopt(ev.channel);
  }

  /** Creates a mixing bridge. */
  async createBridge(bridgeId = `br-${randomUUID()}`): Promise<BridgeHandle> {
    const b = await this.rest.request<Bridge>('POST', '/bridges', { type: 'mixing', bridgeId });
    return new AriBridge(b, this.rest);
  }

  /** A device's state (GET /deviceStates/{name}), e.g. PJSIP/2001. */
  async deviceState(name: string): Promise<DeviceState> {
    return this.rest.request<DeviceState>('GET', `/deviceStates/${encodeURIComponent(name)}`);
  }

  /** The ARI-controlled (Stasis:) device states (GET /deviceStates). */
  async deviceStates(): Promise<DeviceState[]> {
    return this.rest.request<DeviceState[]>('GET', '/deviceStates');
  }

  /** Every endpoint Asterisk knows (GET /endpoints). */
  async endpoints(): Promise<Endpoint[]> {
    return this.rest.request<Endpoint[]>('GET', '/endpoints');
  }

  /** One endpoint (GET /endpoints/{tech}/{resource}); rejects with 404 when unknown. */
  async endpoint(tech: string, resource: string): Promise<Endpoint> {
    return this.rest.request<Endpoint>('GET', `/endpoints/${encodeURIComponent(tech)}/${encodeURIComponent(resource)}`);
  }

  /** Subscribes our app to a device's DeviceStateChanged events. */
  async subscribeDeviceState(name: string): Promise<void> {
    await this.rest.request('POST', `/applications/${encodeURIComponent(this.opts.app)}/subscription`, { eventSource: `deviceState:${name}` });
  }

  /** Ends a device-state subscription. */
  async unsubscribeDeviceState(name: string): Promise<void> {
    await this.rest.request('DELETE', `/applications/${encodeURIComponent(this.opts.app)}/subscription`, { eventSource: `deviceState:${name}` });
  }

  /** The handle of a channel we track, if any. */
  channel(id: string): ChannelHandle | undefined {
    return this.handles.get(id);
  }

  /** Counts for leak checks: tracked channels and routed listeners. */
  stats(): { channels: number; pendingCreates: number; listeners: ReturnType<EventRouter['counts']> } {
    return { channels: this.handles.size, pendingCreates: this.pendingCreates.size, listeners: this.router.counts() };
  }

  private adopt(channel: Channel): AriChannel {
    const existing = this.handles.get(channel.id);
    if (existing) return existing;
    const handle = new AriChannel(channel, this.rest, this.router, this.opts.clock, (ms) => this.waitConnected(ms), this.opts.outageGraceMs);
    this.handles.set(channel.id, handle);
    void handle.endedPromise.then(() => this.handles.delete(channel.id));
    return handle;
  }

  /**
   * 'auto': HTTP while the probe is out (it always works), then the socket
   * if Asterisk answered. A socket that closed under the probe makes later
   * connections skip it: a server that drops the socket on a RESTRequest
   * would otherwise drop every connection.
   */
  private async chooseTransport(): Promise<void> {
    if (this.mode === 'websocket') {
      // Not waited for: forced means forced. It only turns a box that cannot
      // do it (every request timing out) into one clear line.
      void this.warnIfForcedInVain();
      return;
    }
    if (this.mode !== 'auto') return;
    this.rest.use(undefined);
    if (this.probeClosedSocket) return;
    const socketNo = ++this.opened;
    const result = await probeRestOverWebSocket(this.ws, this.opts.transportProbeMs ?? 2000);
    if (socketNo !== this.opened) return;
    if (result === 'answered' && this.socket.isOpen()) this.rest.use(this.ws);
    if (result === 'closed') {
      this.probeClosedSocket = true;
      this.log.warn('the ARI event socket closed under the REST-over-WebSocket probe; REST stays on HTTP');
    }
    if (this.lastChoice !== this.rest.transport) {
      this.lastChoice = this.rest.transport;
      this.log.info(
        this.lastChoice === 'websocket'
          ? 'ARI REST requests go over the event WebSocket'
          : 'ARI REST requests go over HTTP (Asterisk does not answer REST on the event WebSocket; it needs 20.14+ or 22.4+)',
      );
    }
  }

  /** Forced 'websocket' on an Asterisk that leaves the probe unanswered: said once per run. */
  private async warnIfForcedInVain(): Promise<void> {
    if (this.saidForcedInVain) return;
    const result = await probeRestOverWebSocket(this.ws, this.opts.transportProbeMs ?? 2000);
    if (result !== 'no-answer' || this.saidForcedInVain) return;
    this.saidForcedInVain = true;
    this.log.error('ARI transport is forced to websocket, but Asterisk does not answer REST requests on the event WebSocket (it needs 20.14+ or 22.4+); requests will time out: use auto or http');
  }

  private onMessage(raw: Record<string, unknown>): void {
    if (raw['type'] === 'RESTResponse') {
      // Not an event: the answer to one of our requests (or a late one, dropped).
      if (!this.ws.receive(raw)) this.log.debug(`ARI RESTResponse for no request of ours (request_id "${String(raw['request_id'])}", status ${String(raw['status_code'])})`);
      return;
    }
    const event = toAriEvent(raw);
    if (!event) return;
    if (event.type === 'StasisStart') {
      const waiter = this.pendingCreates.get(event.channel.id);
      if (waiter) {
        this.pendingCreates.delete(event.channel.id);
        this.adopt(event.channel);
        waiter(event);
      } else if (!this.handles.has(event.channel.id)) {
        const handle = this.adopt(event.channel);
        this.emit('call', handle, event);
      }
    }
    this.router.dispatch(event);
    this.emit('event', event);
  }

  /** After a reconnect: end calls whose channel vanished, keep the rest, report unknown ones. */
  private async readopt(reconnected = false): Promise<void> {
    let appInfo: Application;
    try {
      appInfo = await this.rest.request<Application>('GET', `/applications/${encodeURIComponent(this.opts.app)}`, undefined, undefined, true);
    } catch (err) {
      this.log.warn(`${reconnected ? 'ARI event socket reconnected; ' : ''}re-adoption skipped: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const present = new Set(appInfo.channel_ids);
    const readopted: string[] = [];
    let gone = 0;
    for (const [id, handle] of [...this.handles]) {
      if (present.has(id)) {
        readopted.push(id);
      } else {
        // Its StasisEnd was sent while we were away (or Asterisk restarted): end the call cleanly now.
        const synthetic: AriEvent = { type: 'StasisEnd', channel: handle.snapshot };
        this.router.dispatch(synthetic);
        handle.markEnded();
        gone++;
      }
    }
    if (reconnected) this.log.info(`ARI event socket reconnected: ${readopted.length} call(s) re-adopted, ${gone} ended (channel gone)`);
    else if (readopted.length) this.log.info(`re-adopted ${readopted.length} call(s) after reconnect`);
    this.emit('readopted', readopted);
    const unknown = [...present].filter((id) => !this.handles.has(id) && !id.endsWith(';2'));
    if (unknown.length === 0) return;
    const bridgeOf = new Map<string, string>();
    try {
      const bridges = await this.rest.request<Bridge[]>('GET', '/bridges', undefined, undefined, true);
      for (const b of bridges) for (const c of b.channels) bridgeOf.set(c, b.id);
    } catch {
      /* without the bridge list every orphan is treated as unbridged */
    }
    for (const id of unknown) {
      try {
        const ch = await this.rest.request<Channel>('GET', `/channels/${encodeURIComponent(id)}`, undefined, undefined, true);
        const info: OrphanInfo = { dialed: /(^|,)dialed$/.test(ch.dialplan?.app_data ?? '') };
        const bridgeId = bridgeOf.get(id);
        if (bridgeId) info.bridgeId = bridgeId;
        this.emit('orphan', this.adopt(ch), info);
      } catch {
        /* gone meanwhile: nothing to look after */
      }
    }
  }
}

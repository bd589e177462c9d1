/**
 * Stasis applications as the event WebSocket sees them: an app is active while
 * a socket for it is open. Events addressed to an inactive app are dropped,
 * like Asterisk drops them for an app with no connection; they resume when a
 * socket registers the same name again.
 */
import type { WebSocket } from 'ws';
import type { Clock } from '../../clock/clock.js';
import type { Logger } from '../../log/logger.js';
import { asteriskTimestamp } from './time-format.js';

/** The asterisk_id stamped on every event (the one the reference traces carry). */
export const ASTERISK_ID = '02:fc:00:00:00:01';

/** An ARI event body before asterisk_id/application are added. */
export type AriEvent = Record<string, unknown> & { type: string };

interface AppConnection {
  socket: WebSocket;
  subscribeAll: boolean;
}

/** Registry of connected apps and the delivery of events to them. */
export class EventHub {
  private readonly apps = new Map<string, AppConnection>();
  private readonly sockets = new Set<WebSocket>();
  /** Sockets gone silent (a dead link): nothing is sent on them any more. */
  private readonly silenced = new Set<WebSocket>();
  /** Fault injection's say over each event (drop, duplicate, hold back); unset sends as is. */
  faultFilter: ((app: string, event: AriEvent, send: (e: AriEvent) => void) => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Registers a freshly upgraded socket for the given app names. */
  attach(socket: WebSocket, appNames: string[], subscribeAll: boolean): void {
    this.sockets.add(socket);
    for (const name of appNames) {
      const previous = this.apps.get(name);
      if (previous && previous.socket !== socket) {
        // Asterisk tells the old socket it lost the app, then routes to the new one.
        this.sendRaw(previous.socket, {
          type: 'ApplicationReplaced',
          timestamp: asteriskTimestamp(this.clock.now()),
          application: name,
        });
      }
      this.apps.set(name, { socket, subscribeAll });
    }
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.silenced.delete(socket);
      for (const name of appNames) {
        if (this.apps.get(name)?.socket === socket) this.apps.delete(name);
      }
      this.clock.touch();
    });
    this.logger.debug('sim: app socket attached', { apps: appNames, subscribeAll });
  }

  /** True while a socket is registered for the app. */
  isActive(app: string): boolean {
    return this.apps.has(app);
  }

  /** Names of connected apps. */
  activeApps(): string[] {
    return [...this.apps.keys()];
  }

  /** Connected apps that asked for every event (subscribeAll=true). */
  subscribeAllApps(): string[] {
    return [...this.apps.entries()].filter(([, c]) => c.subscribeAll).map(([name]) => name);
  }

  /** Sends the event to each app once; inactive apps silently miss it. */
  deliver(apps: Iterable<string>, event: AriEvent): void {
    for (const app of new Set(apps)) {
      const conn = this.apps.get(app);
      if (!conn) continue;
      if (this.faultFilter) {
        this.faultFilter(app, event, (e) => {
          const now = this.apps.get(app);
          if (now) this.sendRaw(now.socket, { ...e, asterisk_id: ASTERISK_ID, application: app });
        });
      } else {
        this.sendRaw(conn.socket, { ...event, asterisk_id: ASTERISK_ID, application: app });
      }
    }
  }

  /** Every open event socket goes silent: no events, no replies, no pongs, and no close either. */
  silenceAll(): number {
    for (const socket of this.sockets) this.silenced.add(socket);
    return this.silenced.size;
  }

  /** True while a silenced socket is still open (the link is dead until the client gives up on it). */
  isSilent(socket?: WebSocket): boolean {
    return socket ? this.silenced.has(socket) : this.silenced.size > 0;
  }

  /** Sends a frame to one socket as is (replies such as RESTResponse, which carry their own envelope). */
  sendTo(socket: WebSocket, body: Record<string, unknown>): void {
    this.sendRaw(socket, body);
  }

  /** Closes every event socket (simulator shutdown). */
  closeAll(): void {
    for (const socket of this.sockets) socket.terminate();
    this.sockets.clear();
    this.silenced.clear();
    this.apps.clear();
  }

  private sendRaw(socket: WebSocket, body: Record<string, unknown>): void {
    if (socket.readyState !== socket.OPEN || this.silenced.has(socket)) return;
    socket.send(JSON.stringify(body));
    this.clock.touch();
  }
}

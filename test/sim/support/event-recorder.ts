/** Collects ARI events from the event WebSocket, for simulator tests. */
import WebSocket from 'ws';

/** An ARI event as received. */
export type AriEventJson = Record<string, unknown> & { type: string };

/** One open event socket and everything it received. */
export class EventRecorder {
  readonly events: AriEventJson[] = [];

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.events.push(JSON.parse(String(data)) as AriEventJson);
    });
  }

  /** Opens ws://.../ari/events?app=...&api_key=user:pass; rejects with the HTTP status on refusal. */
  static open(ariUrl: string, app: string, apiKey: string, extra = ''): Promise<EventRecorder> {
    const wsUrl = ariUrl.replace(/^http/, 'ws') + `/events?app=${encodeURIComponent(app)}&api_key=${encodeURIComponent(apiKey)}${extra}`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl);
      ws.once('open', () => resolve(new EventRecorder(ws)));
      ws.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`upgrade refused: ${res.statusCode ?? 0}`), { status: res.statusCode }));
        ws.terminate();
      });
      ws.once('error', reject);
    });
  }

  /** Sends a text frame as is (RESTRequest frames, or garbage to see how the server copes). */
  send(text: string): void {
    this.ws.send(text);
  }

  /** Events of a type (optionally for one channel id). */
  ofType(type: string, channelId?: string): AriEventJson[] {
    return this.events.filter((e) => e.type === type && (channelId === undefined || eventChannelId(e) === channelId));
  }

  /** True once an event of the type (for the channel) arrived. */
  has(type: string, channelId?: string): boolean {
    return this.ofType(type, channelId).length > 0;
  }

  /** Closes the socket and waits for the close to complete. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) {
        resolve();
        return;
      }
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/** The channel an event is about: channel, peer, or a playback/recording target. */
export function eventChannelId(e: Record<string, unknown>): string | undefined {
  const ch = (e.channel ?? e.peer) as { id?: string } | undefined;
  if (ch?.id) return ch.id;
  const target = ((e.playback ?? e.recording) as { target_uri?: string } | undefined)?.target_uri;
  if (target?.startsWith('channel:')) return target.slice('channel:'.length);
  const bridge = e.bridge as { id?: string } | undefined;
  return bridge?.id ? `bridge:${bridge.id}` : undefined;
}

/** Parses an ARI timestamp (2026-11-22T11:46:20.244+0000) to epoch ms. */
export function parseAriTime(ts: string): number {
  return Date.parse(ts.replace(/\+0000$/, 'Z'));
}

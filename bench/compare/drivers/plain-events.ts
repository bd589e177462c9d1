/**
 * The event side shared by the two plain drivers (b, c): one `ws` socket,
 * JSON.parse per frame, calls looked up by channel id, playbacks by the id
 * we chose. No per-event objects beyond the parsed frame.
 */
import WebSocket from 'ws';
import type { BenchCall, DriverOptions } from '../driver.js';

/** Sends one REST request; resolves on 2xx, rejects otherwise. */
export type RestFn = (method: string, pathAndQuery: string) => Promise<void>;

interface CallState {
  call: BenchCall;
  endedResolve: () => void;
  playResolve?: () => void;
}

/** One event socket and the calls it routes to. */
export class PlainEvents {
  /** The socket; open after connect(). */
  ws: WebSocket | undefined;
  private readonly calls = new Map<string, CallState>();
  private readonly playbacks = new Map<string, CallState>();
  private handler: ((call: BenchCall, t0: number) => void) | undefined;
  /** Frames that are not events (RESTResponse) go here. */
  onOther: ((frame: Record<string, unknown>) => void) | undefined;

  constructor(private readonly o: DriverOptions, private readonly rest: () => RestFn) {}

  /** Opens the socket. */
  async connect(): Promise<void> {
    const wsUrl = `${this.o.url.replace(/^http/, 'ws')}/events?app=${encodeURIComponent(this.o.app)}&api_key=${encodeURIComponent(`${this.o.username}:${this.o.password}`)}`;
    const ws = new WebSocket(wsUrl);
    this.ws = ws;
    ws.on('message', (data: Buffer) => this.onFrame(JSON.parse(data.toString('utf8')) as Record<string, unknown>));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
  }

  /** Sets the per-call handler. */
  onCall(handler: (call: BenchCall, t0: number) => void): void {
    this.handler = handler;
  }

  /** Closes the socket. */
  close(): void {
    this.ws?.close();
  }

  private onFrame(f: Record<string, unknown>): void {
    const type = f['type'];
    if (type === 'StasisStart') {
      const t0 = performance.now();
      const id = (f['channel'] as { id: string }).id;
      this.handler?.(this.newCall(id), t0);
    } else if (type === 'PlaybackFinished') {
      const id = (f['playback'] as { id: string }).id;
      const st = this.playbacks.get(id);
      this.playbacks.delete(id);
      st?.playResolve?.();
    } else if (type === 'StasisEnd') {
      const id = (f['channel'] as { id: string }).id;
      const st = this.calls.get(id);
      this.calls.delete(id);
      st?.endedResolve();
    } else if (type === 'RESTResponse') {
      this.onOther?.(f);
    }
  }

  private newCall(id: string): BenchCall {
    let endedResolve!: () => void;
    const ended = new Promise<void>((r) => (endedResolve = r));
    const enc = encodeURIComponent(id);
    const rest = this.rest();
    const call: BenchCall = {
      id,
      ended,
      answer: () => rest('POST', `channels/${enc}/answer`),
      play: (media: string) => {
        const pbId = `${id}-pb`;
        const done = new Promise<void>((r) => (st.playResolve = r));
        this.playbacks.set(pbId, st);
        return rest('POST', `channels/${enc}/play?media=${encodeURIComponent(media)}&playbackId=${encodeURIComponent(pbId)}`).then(() => done);
      },
      hangup: () => rest('DELETE', `channels/${enc}`),
    };
    const st: CallState = { call, endedResolve };
    this.calls.set(id, st);
    return call;
  }
}

/**
 * Replays a trace of REST over the event WebSocket (frames sent as
 * `ws-out`, frames received as `ws-in`) against the simulator: the same
 * frames at the same virtual times on one event socket, recording every
 * frame the simulator sends back, in order.
 */
import { VirtualClock } from '../../../src/clock/index.js';
import { SimulatedAsterisk } from '../../../src/sim/index.js';
import { EventRecorder, parseAriTime, type AriEventJson } from './event-recorder.js';
import { loadTrace } from './trace-replay.js';

/** One line of a REST-over-WebSocket trace. */
export interface WsTraceEntry {
  t: number;
  dir?: 'ws-out' | 'ws-in';
  /** A JSON frame (sent or received). */
  frame?: AriEventJson;
  /** A frame sent exactly as written (not JSON, or JSON with fields left out). */
  raw?: string;
  note?: string;
}

/** What the simulator sent during a replay. */
export interface WsReplay {
  entries: WsTraceEntry[];
  /** Every frame received on the socket, RESTResponses and events, in arrival order. */
  received: AriEventJson[];
}

/** The frames the real Asterisk sent, in order. */
export function traceIncoming(entries: WsTraceEntry[]): AriEventJson[] {
  return entries.filter((e) => e.dir === 'ws-in' && e.frame).map((e) => e.frame as AriEventJson);
}

const USER = 'trace-user';
const PASS = 'trace-pass';
/** Sends this close together were pipelined on the real socket (sent before the first answer). */
const PIPELINED_MS = 1;
/** A guard against a hang only: the simulator answers on loopback in well under this. */
const ANSWER_GUARD_REAL_MS = 2_000;

/** Runs the trace's outgoing frames against a fresh simulator on a virtual clock aligned with the trace. */
export async function replayWsTrace(name: string, opts: { restOverWebSocket?: boolean } = {}): Promise<WsReplay> {
  const entries = loadTrace(name) as unknown as WsTraceEntry[];
  const first = entries.find((e) => e.dir === 'ws-in' && typeof e.frame?.timestamp === 'string') as WsTraceEntry;
  const origin = parseAriTime(String(first.frame?.timestamp)) - first.t;
  const clock = new VirtualClock(origin);
  const sim = new SimulatedAsterisk({ clock, username: USER, password: PASS, ...(opts.restOverWebSocket === undefined ? {} : { restOverWebSocket: opts.restOverWebSocket }) });
  await sim.start();
  const socket = await EventRecorder.open(sim.url, 'trace', `${USER}:${PASS}`);
  let sent = 0;
  let lastSent = -Infinity;
  const answered = async (): Promise<void> => {
    const started = Date.now();
    while (socket.ofType('RESTResponse').length < sent) {
      if (Date.now() - started > ANSWER_GUARD_REAL_MS) return; // an unanswered frame is the test's finding, not a hang
      await new Promise<void>((r) => setImmediate(r));
    }
  };
  try {
    for (const entry of entries) {
      if (entry.dir !== 'ws-out') continue;
      // Each frame is answered before time moves on, except pipelined ones, sent back to back.
      if (entry.t - lastSent > PIPELINED_MS) await answered();
      if (entry.t + origin > clock.now()) await clock.advanceTo(origin + entry.t);
      socket.send(entry.raw ?? JSON.stringify(entry.frame));
      sent++;
      lastSent = entry.t;
    }
    await answered();
    const last = entries[entries.length - 1]?.t ?? 0;
    await clock.advanceTo(origin + last + 1000);
  } finally {
    await socket.close();
    await sim.stop();
  }
  return { entries, received: socket.events };
}

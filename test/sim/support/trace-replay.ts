/**
 * Replays a recorded Asterisk trace against the simulator: the same REST
 * requests at the same (virtual) times, recording the replies and events so
 * a test can compare them with what the real Asterisk did.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VirtualClock } from '../../../src/clock/index.js';
import { SimulatedAsterisk } from '../../../src/sim/index.js';
import { AriHttp, type RestReply } from './ari-http.js';
import { EventRecorder, parseAriTime, type AriEventJson } from './event-recorder.js';

/**
 * Where the reference traces live: a copy of shared/asterisk-traces kept
 * with the tests (so `npm test` works in any clone), or TRACE_DIR to replay
 * another set. trace-fixtures.test.ts checks the copy against shared/.
 */
export const TRACE_DIR = process.env['TRACE_DIR'] || fileURLToPath(new URL('../traces/', import.meta.url));

/** One line of a trace file. */
export interface TraceEntry {
  t: number;
  dir?: 'rest' | 'event';
  method?: string;
  path?: string;
  body?: unknown;
  status?: number;
  response?: unknown;
  event?: AriEventJson;
  note?: string;
}

/** What the simulator did during a replay. */
export interface Replay {
  entries: TraceEntry[];
  /** REST replies, in the order of the trace's REST lines. */
  replies: { entry: TraceEntry; reply: RestReply }[];
  events: AriEventJson[];
  /** Clock time equal to the trace's t = 0. */
  origin: number;
}

/** Parses a trace file. */
export function loadTrace(name: string): TraceEntry[] {
  return readFileSync(path.join(TRACE_DIR, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as TraceEntry);
}

/** The trace's events. */
export function traceEvents(entries: TraceEntry[]): AriEventJson[] {
  return entries.filter((e) => e.dir === 'event' && e.event).map((e) => e.event as AriEventJson);
}

const USER = 'trace-user';
const PASS = 'trace-pass';

/** Runs the trace's REST requests against a fresh simulator on a virtual clock aligned with the trace. */
export async function replayTrace(name: string): Promise<Replay> {
  const entries = loadTrace(name);
  const firstEvent = entries.find((e) => e.event && typeof e.event.timestamp === 'string');
  const origin = firstEvent?.event ? parseAriTime(firstEvent.event.timestamp as string) - firstEvent.t : Date.UTC(2026, 10, 22);
  const clock = new VirtualClock(origin);
  const sim = new SimulatedAsterisk({ clock, username: USER, password: PASS });
  await sim.start();
  const http = new AriHttp(sim.url, { username: USER, password: PASS });
  let recorder = await EventRecorder.open(sim.url, 'trace', `${USER}:${PASS}`);
  const events: AriEventJson[] = [];
  const replies: Replay['replies'] = [];
  try {
    for (const entry of entries) {
      if (entry.t + origin > clock.now()) await clock.advanceTo(origin + entry.t);
      if (entry.note?.startsWith('closing the event websocket')) {
        await recorder.close();
        events.push(...recorder.events);
      } else if (entry.note === 'reconnected') {
        recorder = await EventRecorder.open(sim.url, 'trace', `${USER}:${PASS}`);
      } else if (entry.dir === 'rest' && entry.method && entry.path) {
        replies.push({ entry, reply: await http.request(entry.method, entry.path, entry.body) });
      }
    }
    const last = entries[entries.length - 1]?.t ?? 0;
    await clock.advanceTo(origin + last + 1000);
  } finally {
    await recorder.close();
    events.push(...recorder.events);
    await sim.stop();
  }
  return { entries, replies, events, origin };
}

/** Replaces what legitimately differs between runs: times, name counters, random ids. */
export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === 'timestamp' || k === 'creationtime') out[k] = '<time>';
      else out[k] = normalize(v);
    }
    return out;
  }
  if (typeof value === 'string') {
    return value
      .replace(/-[0-9a-f]{8}(;[12])?$/, '-XXXXXXXX$1')
      .replace(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, '<uuid>');
  }
  return value;
}

/** The facts of an event that must match the trace, as one comparable string. */
export function signature(e: AriEventJson): string {
  const parts: unknown[] = [e.type];
  const ch = (e.channel ?? e.peer) as { state: string; dialplan: { app_name: string; app_data: string; priority: number } } | undefined;
  if (ch) parts.push(ch.state, `${ch.dialplan.app_name}(${ch.dialplan.app_data})@${ch.dialplan.priority}`);
  switch (e.type) {
    case 'Dial':
      parts.push(e.dialstatus, e.dialstring);
      break;
    case 'ChannelVarset':
      parts.push(`${String(e.variable)}=${String(normalize(e.value))}`);
      break;
    case 'ChannelHangupRequest':
      parts.push(`cause ${String(e.cause)}`, e.soft === true ? 'soft' : 'hard');
      break;
    case 'ChannelDestroyed':
      parts.push(`cause ${String(e.cause)}`, e.cause_txt);
      break;
    case 'ChannelDialplan':
      parts.push(`${String(e.dialplan_app)}(${String(e.dialplan_app_data)})`);
      break;
    case 'StasisStart':
      parts.push(JSON.stringify(e.args));
      break;
    case 'ChannelDtmfReceived':
      parts.push(e.digit, e.duration_ms);
      break;
    default: {
      const pb = e.playback as Record<string, unknown> | undefined;
      if (pb) parts.push(pb.state, pb.media_uri, pb.language);
      const rec = e.recording as Record<string, unknown> | undefined;
      if (rec) parts.push(rec.state, rec.duration, rec.talking_duration, rec.silence_duration);
      const bridge = e.bridge as { channels: string[] } | undefined;
      if (bridge) parts.push([...bridge.channels].sort().join('+'));
    }
  }
  return parts.map((p) => String(p)).join(' | ');
}

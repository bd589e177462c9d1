/**
 * Channel recordings (res_stasis_recording.c + ast_play_and_record): a
 * recording is a command on the channel's queue; it answers the channel,
 * publishes RecordingStarted, optionally beeps, then captures until max
 * silence, max duration, the terminate key, a stop, or hangup. Durations are
 * whole seconds computed like app.c does, trailing silence trimmed.
 */
import type { TimerHandle } from '../../clock/clock.js';
import { AriError } from '../core/ari-error.js';
import type { SimContext } from '../core/sim-context.js';
import type { Channel } from './channel.js';
import { recordingJson, storedRecordingJson, type RecordingShape } from './json-shapes.js';
import { recordingWav } from './recording-audio.js';
import { SilenceMeter } from './silence-meter.js';

/** Length of the beep played before recording starts. */
export const BEEP_MS = 260;

/** Record request options, already parsed. */
export interface RecordOptions {
  name: string;
  format: string;
  maxDurationSeconds: number;
  maxSilenceSeconds: number;
  ifExists: 'fail' | 'overwrite' | 'append';
  beep: boolean;
  /** Keys that end the recording ('' for none). */
  terminateKeys: string;
}

interface LiveRecording extends RecordingShape {
  channelId: string;
  opts: RecordOptions;
  finish: ((reason: string) => void) | undefined;
  release: (() => void) | undefined;
}

interface StoredRecording {
  name: string;
  format: string;
  lengthMs: number;
}

const KNOWN_FORMATS = new Set(['wav', 'WAV', 'wav16', 'wav49', 'gsm', 'ulaw', 'ul', 'mu', 'alaw', 'al', 'alw', 'sln', 'raw', 'sln16', 'g722', 'g729', 'g726', 'ilbc', 'ogg', 'h263', 'h264']);

/** Parses terminateOn as Asterisk does; undefined means invalid. */
export function parseTerminateOn(value: string | undefined): string | undefined {
  if (value === undefined || value === 'none') return '';
  if (value === 'any') return '#*0123456789abcd';
  if (value === '#' || value === '*') return value;
  return undefined;
}

/** Parses ifExists as Asterisk does; undefined means invalid. */
export function parseIfExists(value: string | undefined): RecordOptions['ifExists'] | undefined {
  if (value === undefined) return 'fail';
  return value === 'fail' || value === 'overwrite' || value === 'append' ? value : undefined;
}

/** Live and stored recordings. */
export class Recordings {
  private readonly live = new Map<string, LiveRecording>();
  private readonly stored = new Map<string, StoredRecording>();

  constructor(private readonly ctx: SimContext) {}

  /** Checks the request and creates a queued recording (not started). */
  prepare(ch: Channel, opts: RecordOptions): LiveRecording {
    if (!KNOWN_FORMATS.has(opts.format)) throw new AriError(422, 'specified format is unknown on this system');
    if (opts.name.length === 0) throw new AriError(500, 'Error parsing request');
    if (opts.name.startsWith('/') || opts.name.split('/').includes('..')) throw new AriError(400, 'Recording name invalid');
    const conflict = `Recording '${opts.name}' already exists and can not be overwritten`;
    if (opts.ifExists === 'fail' && this.stored.has(opts.name)) throw new AriError(409, conflict);
    if (this.live.has(opts.name)) throw new AriError(409, conflict);
    const rec: LiveRecording = {
      name: opts.name,
      format: opts.format,
      state: 'queued',
      targetUri: `channel:${ch.id}`,
      channelId: ch.id,
      opts,
      finish: undefined,
      release: undefined,
    };
    this.live.set(rec.name, rec);
    return rec;
  }

  /** ARI JSON of a live recording. */
  json(rec: RecordingShape): Record<string, unknown> {
    return recordingJson(rec);
  }

  /** Queues a prepared recording on its channel. */
  enqueue(ch: Channel, rec: LiveRecording): void {
    ch.control.enqueue({
      name: `record ${rec.name}`,
      run: (done) => this.run(ch, rec, done),
      dropped: () => this.live.delete(rec.name),
    });
  }

  /** GET /recordings/live/{name}. */
  liveJson(name: string): Record<string, unknown> {
    return recordingJson(this.requireLive(name));
  }

  /** POST /recordings/live/{name}/stop. */
  stop(name: string): void {
    const rec = this.requireLive(name);
    if (rec.state === 'queued') {
      this.live.delete(name);
      return;
    }
    rec.finish?.('stopped');
  }

  /** DELETE /recordings/live/{name}: stops and discards the file. */
  cancel(name: string): void {
    const rec = this.requireLive(name);
    if (rec.state === 'queued') {
      this.live.delete(name);
      return;
    }
    rec.finish?.('canceled');
  }

  /** The channel is going: a running recording completes and is kept. */
  onChannelHangup(ch: Channel): void {
    for (const rec of [...this.live.values()]) {
      if (rec.channelId !== ch.id) continue;
      if (rec.finish) rec.finish('hangup');
      else this.live.delete(rec.name);
    }
  }

  /** GET /recordings/stored. */
  listStored(): Record<string, unknown>[] {
    return [...this.stored.values()].map(storedRecordingJson);
  }

  /** GET /recordings/stored/{name}. */
  storedJson(name: string): Record<string, unknown> {
    return storedRecordingJson(this.requireStored(name));
  }

  /** DELETE /recordings/stored/{name}. */
  deleteStored(name: string): void {
    this.requireStored(name);
    this.stored.delete(name);
  }

  /** GET /recordings/stored/{name}/file: the recording's audio (WAV for format=wav, the only format the service records in). */
  storedFile(name: string): { contentType: string; data: Buffer } {
    const rec = this.requireStored(name);
    if (rec.format !== 'wav' && rec.format !== 'WAV') throw new AriError(500, `the simulator keeps audio for wav recordings only, not ${rec.format}`);
    return { contentType: 'audio/wav', data: recordingWav(rec.lengthMs) };
  }

  /** Playing time of a stored recording (for recording: media). */
  storedLength(name: string): number | undefined {
    return this.stored.get(name)?.lengthMs;
  }

  /** True while a recording is queued or running on the channel (blocks bridging). */
  isRecording(ch: Channel): boolean {
    for (const rec of this.live.values()) if (rec.channelId === ch.id) return true;
    return false;
  }

  /** Live recordings (queued or running). */
  count(): number {
    return this.live.size;
  }

  private requireLive(name: string): LiveRecording {
    const rec = this.live.get(name);
    if (!rec) throw new AriError(404, 'Recording not found');
    return rec;
  }

  private requireStored(name: string): StoredRecording {
    const rec = this.stored.get(name);
    if (!rec) throw new AriError(404, 'Recording not found');
    return rec;
  }

  private run(ch: Channel, rec: LiveRecording, done: () => void): void {
    rec.release = done;
    if (ch.bridgeId) {
      rec.state = 'failed';
      rec.cause = 'Cannot record channel while in bridge';
      this.ctx.publish.recording(ch, 'RecordingFailed', recordingJson(rec));
      this.live.delete(rec.name);
      done();
      return;
    }
    this.ctx.channelMedia.answer(ch);
    rec.state = 'recording';
    this.ctx.publish.recording(ch, 'RecordingStarted', recordingJson(rec));
    ch.signal({ kind: 'recording-started', name: rec.name });
    let meter: SilenceMeter | undefined;
    let unsubscribe: (() => void) | undefined;
    let maxTimer: TimerHandle | undefined;
    let beepTimer: TimerHandle | undefined;
    const opts = rec.opts;
    const finish = (reason: string): void => {
      if (rec.finish !== finish) return;
      rec.finish = undefined;
      unsubscribe?.();
      meter?.stop();
      ch.timers.cancel(maxTimer);
      ch.timers.cancel(beepTimer);
      this.complete(ch, rec, meter, reason);
    };
    rec.finish = finish;
    // A stuck recording (fault injection) captures until stopped: no silence, length or key limit.
    const stuck = this.ctx.faults.take(['stuck-recording'], { channel: ch.id, media: rec.name }) !== undefined;
    const capture = (): void => {
      if (stuck) return;
      meter = new SilenceMeter(ch.audio, ch.timers, this.ctx.clock, opts.maxSilenceSeconds > 0 ? opts.maxSilenceSeconds * 1000 : undefined, () =>
        finish('silence'),
      );
      meter.start();
      if (opts.maxDurationSeconds > 0) maxTimer = ch.timers.after(opts.maxDurationSeconds * 1000, () => finish('max duration'));
      if (opts.terminateKeys.length > 0) {
        unsubscribe = ch.on((s) => {
          if (s.kind === 'dtmf-received' && opts.terminateKeys.includes(s.digit)) finish('key');
        });
      }
    };
    if (opts.beep) {
      ch.signal({ kind: 'media-out', source: 'beep' });
      beepTimer = ch.timers.after(BEEP_MS, capture);
    }
    else capture();
  }

  private complete(ch: Channel, rec: LiveRecording, meter: SilenceMeter | undefined, reason: string): void {
    const opts = rec.opts;
    const flowMs = meter?.flowingMs() ?? 0;
    const trailing = meter?.currentRunMs() ?? 0;
    const allSilence = meter?.totalSilenceMs() ?? 0;
    const total = Math.floor(flowMs / 1000);
    // app.c: both figures drop whole seconds of silence (less a 200 ms margin).
    let duration = total;
    let talking: number | undefined;
    if (opts.maxSilenceSeconds > 0) {
      talking = total;
      if (allSilence > 0) talking -= Math.trunc((allSilence - 200) / 1000);
      if (trailing > 0) duration -= Math.trunc((trailing - 200) / 1000);
      talking = Math.max(0, talking);
    }
    rec.duration = Math.max(0, duration);
    rec.talkingDuration = talking;
    rec.state = reason === 'canceled' ? 'canceled' : 'done';
    this.live.delete(rec.name);
    if (rec.state === 'done') {
      const lengthMs = Math.max(0, flowMs - (opts.maxSilenceSeconds > 0 ? Math.max(0, trailing - 200) : 0));
      const previous = opts.ifExists === 'append' ? (this.stored.get(rec.name)?.lengthMs ?? 0) : 0;
      this.stored.set(rec.name, { name: rec.name, format: rec.format, lengthMs: previous + lengthMs });
    }
    this.ctx.publish.recording(ch, 'RecordingFinished', recordingJson(rec));
    ch.signal({ kind: 'recording-finished', name: rec.name, state: rec.state });
    const release = rec.release;
    rec.release = undefined;
    release?.();
  }
}

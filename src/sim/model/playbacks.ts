/**
 * Playbacks on channels, following res_stasis_playback.c: a playback is a
 * command on the channel's queue ("queued" until it runs); each media gets
 * PlaybackStarted; between medias PlaybackContinuing; at the end
 * PlaybackFinished "done" (complete or stopped) or "failed" (missing file,
 * hangup). Unsupported schemes get PlaybackStarted and then nothing at all.
 */
import { AriError } from '../core/ari-error.js';
import type { SimContext } from '../core/sim-context.js';
import type { TimerHandle } from '../../clock/clock.js';
import type { Channel } from './channel.js';
import { playbackJson, playbackStateText, type PlaybackShape } from './json-shapes.js';
import type { MediaPlan } from './media-lengths.js';
import { faultedPlan } from '../faults/media-faults.js';

/** A playback and its progress. */
export interface PlaybackRecord extends PlaybackShape {
  channelId: string;
  /** Asterisk can stop only sound/recording/tone media (say digits/number cannot be stopped). */
  controllable: boolean;
  timer: TimerHandle | undefined;
  /** Bumped per media so late timers or file reads for an earlier media are ignored. */
  token: number;
  /** Releases the channel's command queue. */
  release: (() => void) | undefined;
}

const FILE_SCHEMES = new Set(['sound', 'digits', 'characters', 'number', 'recording', 'tone']);
const CONTROLLABLE_SCHEMES = new Set(['sound', 'recording', 'tone']);

/** All playbacks of the simulator. */
export class Playbacks {
  private readonly byId = new Map<string, PlaybackRecord>();

  constructor(private readonly ctx: SimContext) {}

  /** Creates a queued playback (not started yet); 500 if the id is taken. */
  prepare(ch: Channel, medias: string[], language: string, id: string | undefined): PlaybackRecord {
    const pbId = id && id.length > 0 ? id : this.ctx.ids.uuid();
    if (this.byId.has(pbId)) throw new AriError(500, 'Failed to queue media for playback');
    const pb: PlaybackRecord = {
      id: pbId,
      medias,
      index: 0,
      targetUri: `channel:${ch.id}`,
      language,
      state: 'queued',
      channelId: ch.id,
      controllable: false,
      timer: undefined,
      token: 0,
      release: undefined,
    };
    this.byId.set(pbId, pb);
    return pb;
  }

  /** Queues a prepared playback on its channel. */
  enqueue(ch: Channel, pb: PlaybackRecord): void {
    ch.control.enqueue({
      name: `playback ${pb.id}`,
      run: (done) => {
        pb.release = done;
        if (pb.state === 'canceled') {
          // Stopped while queued: Asterisk reports it finished without ever starting.
          this.ctx.publish.playback(ch, 'PlaybackFinished', playbackJson(pb));
          this.finish(pb);
          return;
        }
        this.startMedia(ch, pb);
      },
      dropped: () => this.byId.delete(pb.id),
    });
  }

  /** A playback by id. */
  get(id: string): PlaybackRecord | undefined {
    return this.byId.get(id);
  }

  /** ARI JSON of a playback, or 404 Playback not found. */
  json(id: string): Record<string, unknown> {
    const pb = this.byId.get(id);
    if (!pb) throw new AriError(404, 'Playback not found');
    return playbackJson(pb);
  }

  /** DELETE /playbacks/{id}. */
  stop(id: string): void {
    const pb = this.byId.get(id);
    if (!pb) throw new AriError(404, 'Playback not found');
    if (pb.state === 'queued') {
      pb.state = 'canceled';
      return;
    }
    if (pb.state !== 'playing' && pb.state !== 'continuing') return;
    if (!pb.controllable) throw new AriError(500, 'Could not stop playback');
    const ch = this.ctx.channels.find(pb.channelId);
    pb.state = 'stopped';
    if (ch) this.endMedia(ch, pb, 'stopped');
  }

  /** The channel is hanging up: the media playing now fails. */
  onChannelHangup(ch: Channel): void {
    const id = ch.heard.playbackId;
    const pb = id ? this.byId.get(id) : undefined;
    if (pb && (pb.state === 'playing' || pb.state === 'continuing')) this.endMedia(ch, pb, 'failed');
  }

  /** Drops whatever still refers to a destroyed channel (never-ending media). */
  forgetChannel(ch: Channel): void {
    for (const pb of [...this.byId.values()]) if (pb.channelId === ch.id) this.byId.delete(pb.id);
  }

  /** Playbacks that exist (queued or playing). */
  count(): number {
    return this.byId.size;
  }

  private startMedia(ch: Channel, pb: PlaybackRecord): void {
    const token = ++pb.token;
    const media = pb.medias[pb.index] ?? '';
    const scheme = media.includes(':') ? media.slice(0, media.indexOf(':')) : '';
    pb.state = 'playing';
    if (CONTROLLABLE_SCHEMES.has(scheme)) pb.controllable = true;
    if (FILE_SCHEMES.has(scheme)) this.ctx.channelMedia.deactivateGenerator(ch, 'replaced by playback');
    this.ctx.publish.playback(ch, 'PlaybackStarted', playbackJson(pb));
    ch.heard.playbackId = pb.id;
    ch.signal({ kind: 'playback-started', playbackId: pb.id, media, lang: pb.language });
    const plan = this.ctx.media.plan(media, pb.language);
    if (plan instanceof Promise) {
      plan
        .then(
          (p) => this.applyPlan(ch, pb, token, p),
          () => this.applyPlan(ch, pb, token, { kind: 'missing' }),
        )
        .catch((err: unknown) => this.ctx.logger.error('sim: playback failed', { playback: pb.id, error: String(err) }));
    } else {
      this.applyPlan(ch, pb, token, plan);
    }
  }

  private applyPlan(ch: Channel, pb: PlaybackRecord, token: number, planned: MediaPlan): void {
    if (pb.token !== token || pb.state !== 'playing' || !ch.live) return;
    const plan = faultedPlan(this.ctx, ch.id, pb.medias[pb.index] ?? '', planned);
    if (plan.kind === 'timed' || plan.kind === 'endless') {
      ch.heard.playbackAudible = true;
      ch.signal({ kind: 'media-out', source: 'playback' });
    }
    switch (plan.kind) {
      case 'timed':
        pb.timer = ch.timers.after(plan.ms, () => {
          if (pb.token === token && pb.state === 'playing') this.endMedia(ch, pb, 'complete');
        });
        return;
      case 'missing':
        this.endMedia(ch, pb, 'failed');
        return;
      case 'skip':
        this.skipMedia(ch, pb);
        return;
      case 'endless':
        return;
    }
  }

  /** Asterisk's `continue`: no final event for this media. */
  private skipMedia(ch: Channel, pb: PlaybackRecord): void {
    ch.heard.playbackId = undefined;
    if (pb.index < pb.medias.length - 1) {
      pb.index++;
      this.startMedia(ch, pb);
      return;
    }
    this.finish(pb);
  }

  private endMedia(ch: Channel, pb: PlaybackRecord, outcome: 'complete' | 'failed' | 'stopped'): void {
    ch.timers.cancel(pb.timer);
    pb.timer = undefined;
    pb.token++;
    const last = pb.index === pb.medias.length - 1;
    const hangingUp = !ch.live;
    if (outcome === 'stopped') pb.state = 'stopped';
    else if (last || hangingUp) pb.state = outcome;
    else pb.state = 'continuing';
    const json = playbackJson(pb);
    this.ctx.publish.playback(ch, pb.state === 'continuing' ? 'PlaybackContinuing' : 'PlaybackFinished', json);
    ch.heard.playbackId = undefined;
    ch.heard.playbackAudible = false;
    ch.signal({
      kind: 'playback-finished',
      playbackId: pb.id,
      media: pb.medias[pb.index] ?? '',
      lang: pb.language,
      status: playbackStateText(pb.state),
    });
    if (pb.state === 'continuing') {
      pb.index++;
      this.startMedia(ch, pb);
      return;
    }
    this.finish(pb);
  }

  private finish(pb: PlaybackRecord): void {
    this.byId.delete(pb.id);
    const release = pb.release;
    pb.release = undefined;
    release?.();
  }
}

/**
 * TALK_DETECT for one channel: ChannelTalkingStarted once speech has lasted
 * 80 ms, ChannelTalkingFinished after the silence threshold (default 2500 ms)
 * of flowing silence, with duration = finish - start - threshold, which is
 * what Asterisk's func_talkdetect reports (talk-detect trace: 1242 ms).
 * Silence is counted only in frames that arrive, so a phone that stops
 * sending (mute, DTX) after speaking never gets ChannelTalkingFinished.
 */
import type { TimerHandle } from '../../clock/clock.js';
import type { SimContext } from '../core/sim-context.js';
import type { Channel } from './channel.js';
import type { AudioState } from './incoming-audio.js';
import { SilenceMeter } from './silence-meter.js';

/** How long speech must last before Asterisk's DSP calls it talking. */
export const TALK_START_MS = 80;

/** Talk detection attached to a channel's incoming audio. */
export class TalkDetector {
  private talkingSince: number | undefined;
  private startTimer: TimerHandle | undefined;
  private meter: SilenceMeter | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: SimContext,
    private readonly ch: Channel,
    private readonly silenceMs: number,
  ) {
    this.unsubscribe = ch.audio.on((s) => this.update(s));
    this.update(ch.audio.state);
  }

  /** Detaches without further events (TALK_DETECT(remove) or hangup). */
  stop(): void {
    this.unsubscribe();
    this.ch.timers.cancel(this.startTimer);
    this.meter?.stop();
    this.meter = undefined;
  }

  private update(state: AudioState): void {
    if (state.speaking) {
      this.meter?.stop();
      this.meter = undefined;
      if (this.talkingSince === undefined && !this.startTimer) {
        this.startTimer = this.ch.timers.after(TALK_START_MS, () => {
          this.startTimer = undefined;
          this.talkingSince = this.ctx.clock.now();
          this.ctx.publish.talkingStarted(this.ch);
        });
      }
      return;
    }
    // Speech shorter than the detection window never counts as talking.
    this.ch.timers.cancel(this.startTimer);
    this.startTimer = undefined;
    if (this.talkingSince !== undefined && !this.meter) {
      this.meter = new SilenceMeter(this.ch.audio, this.ch.timers, this.ctx.clock, this.silenceMs, () => {
        const since = this.talkingSince ?? this.ctx.clock.now();
        this.talkingSince = undefined;
        this.meter?.stop();
        this.meter = undefined;
        this.ctx.publish.talkingFinished(this.ch, Math.max(0, this.ctx.clock.now() - since - this.silenceMs));
      });
      this.meter.start();
    }
  }
}

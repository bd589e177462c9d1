/**
 * Runs the built-in dialplan on the ;2 half of a Local channel. What ;2 plays
 * reaches ;1 as incoming audio (talk detection, recording), its SendDTMF as
 * ChannelDtmfReceived on ;1, and its Answer/Ringing/Busy as the dial outcome.
 * Timings follow the traces: Answer waits for the first media frame from ;1
 * (up to 500 ms), SendDTMF sends 100 ms digits with the gap between them.
 */
import { Cause } from '../core/causes.js';
import type { SimContext } from '../core/sim-context.js';
import { lookupExtension, stepAppData, type DialplanStep } from './builtin-dialplan.js';
import type { Channel } from './channel.js';
import { parseLocalResource } from './local-channels.js';
import type { FarEnd, OutboundLeg } from './outbound-leg.js';

/** Answer() gives up waiting for media after this long. */
const ANSWER_MEDIA_WAIT_MS = 500;
/** First frame of a playback (or beep) or of MOH arrives this long after it starts (traces: ~1-2 ms, ~20 ms). */
const FIRST_FRAME_MS = 1;
const MOH_FIRST_FRAME_MS = 20;
/** SendDTMF: delay before the first digit, and each digit's length. */
const DTMF_LEAD_MS = 100;
const DTMF_TONE_MS = 100;

/** Far end of a Local ;1 half: the ;2 half's dialplan. */
export class LocalDialplan implements FarEnd {
  private leg: OutboundLeg | undefined;

  constructor(
    private readonly ctx: SimContext,
    private readonly one: Channel,
    private readonly two: Channel,
  ) {}

  /** ;1 is called: ;2 starts its dialplan, or the call fails for an unknown extension. */
  start(leg: OutboundLeg): void {
    this.leg = leg;
    const target = parseLocalResource(this.one.resource);
    const steps = lookupExtension(target.context, target.exten);
    if (!steps) {
      leg.callFailed();
      return;
    }
    this.run(steps, 0);
  }

  private run(steps: DialplanStep[], index: number): void {
    const two = this.two;
    if (!two.live) return;
    const step = steps[index];
    if (!step) {
      // Falling off the end of the extension hangs ;2 up.
      this.ctx.lifecycle.hangup(two, { request: { cause: Cause.NORMAL_CLEARING, soft: true }, cause: Cause.NORMAL_CLEARING, by: 'caller' });
      return;
    }
    two.setDialplanApp(step.app, stepAppData(step), index + 1);
    this.ctx.publish.dialplan(two);
    const next = (): void => this.run(steps, index + 1);
    switch (step.app) {
      case 'Answer':
        this.answer(next);
        return;
      case 'Wait':
        two.timers.after(step.seconds * 1000, next);
        return;
      case 'Playback':
        this.playback(step.file, next);
        return;
      case 'SendDTMF':
        this.sendDtmf(step.digits, step.gapMs, 0, next);
        return;
      case 'Hangup':
        this.ctx.lifecycle.hangup(two, { request: { cause: Cause.NORMAL_CLEARING, soft: true }, cause: Cause.NORMAL_CLEARING, by: 'caller' });
        return;
      case 'Busy':
        two.hangupCause = Cause.USER_BUSY;
        this.leg?.busy();
        two.timers.after(step.seconds * 1000, () =>
          this.ctx.lifecycle.hangup(two, { request: { cause: Cause.USER_BUSY, soft: true }, cause: Cause.USER_BUSY, by: 'caller' }),
        );
        return;
      case 'Ringing':
        this.leg?.ringing();
        next();
        return;
    }
  }

  private answer(next: () => void): void {
    const two = this.two;
    if (two.state !== 'Up') {
      this.ctx.channelMedia.setState(two, 'Up');
      this.leg?.answered();
    }
    let finished = false;
    const proceed = (delay: number): void => {
      if (finished) return;
      finished = true;
      unsubscribe();
      two.timers.cancel(giveUp);
      two.timers.after(delay, next);
    };
    // Only real frames end the wait: a failed or unsupported playback sends none.
    const unsubscribe = this.one.on((s) => {
      if (s.kind === 'media-out') proceed(s.source === 'moh' ? MOH_FIRST_FRAME_MS : FIRST_FRAME_MS);
    });
    two.cleanups.push(unsubscribe);
    const giveUp = two.timers.after(ANSWER_MEDIA_WAIT_MS, () => proceed(0));
    const heard = this.one.heard;
    if (heard.playbackAudible || heard.ringing === 'inband') proceed(FIRST_FRAME_MS);
    else if (heard.moh !== undefined) proceed(MOH_FIRST_FRAME_MS);
  }

  private playback(file: string, next: () => void): void {
    const planned = this.ctx.media.plan(`sound:${file}`, this.two.language);
    const apply = (plan: Awaited<typeof planned>): void => {
      const two = this.two;
      if (!two.live) return;
      if (plan.kind !== 'timed') {
        this.setPlaybackStatus('FAILED');
        next();
        return;
      }
      const audio = this.one.audio;
      audio.set({ flowing: true, speaking: plan.speechMs > 0 });
      // Hanging up mid-Playback still ends the app with SUCCESS (talk-detect trace).
      const onHangup = (): void => this.setPlaybackStatus('SUCCESS');
      two.cleanups.push(onHangup);
      if (plan.speechMs > 0 && plan.speechMs < plan.ms) two.timers.after(plan.speechMs, () => audio.set({ speaking: false }));
      two.timers.after(plan.ms, () => {
        const i = two.cleanups.indexOf(onHangup);
        if (i >= 0) two.cleanups.splice(i, 1);
        audio.set({ flowing: false, speaking: false });
        this.setPlaybackStatus('SUCCESS');
        next();
      });
    };
    if (planned instanceof Promise) {
      planned.then(apply).catch((err: unknown) => this.ctx.logger.error('sim: dialplan Playback failed', { channel: this.two.id, error: String(err) }));
    }
    else apply(planned);
  }

  private sendDtmf(digits: string, gapMs: number, i: number, next: () => void): void {
    const two = this.two;
    if (i >= digits.length) {
      two.timers.after(gapMs, next);
      return;
    }
    two.timers.after((i === 0 ? DTMF_LEAD_MS : gapMs) + DTMF_TONE_MS, () => {
      this.ctx.channelMedia.receiveDtmf(this.one, digits[i] ?? '');
      this.sendDtmf(digits, gapMs, i + 1, next);
    });
  }

  private setPlaybackStatus(value: string): void {
    this.two.vars.set('PLAYBACKSTATUS', value);
    this.ctx.publish.varset(this.two, 'PLAYBACKSTATUS', value);
  }
}

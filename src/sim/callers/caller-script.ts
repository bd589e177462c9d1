/**
 * Plays a scripted caller: waits, waits for prompts/MOH/bridge/answer, keys,
 * speech (optionally followed by a mute) and hangup, one step after another
 * on the simulator's clock. A step that times out ends the script; the
 * caller then stays silent on the line.
 */
import type { TimerHandle } from '../../clock/clock.js';
import { Cause } from '../core/causes.js';
import type { SimContext } from '../core/sim-context.js';
import type { Channel, ChannelSignal } from '../model/channel.js';
import type { CallerEvent } from './caller-log.js';

/** One thing a scripted caller does. */
export type CallerStep =
  /** Silence for ms. */
  | { wait: number }
  /** Until a playback whose media_uri contains the text starts (default) or ends on this channel. */
  | { waitForPrompt: string; on?: 'start' | 'end'; timeoutMs?: number }
  /** Until MOH plays. */
  | { waitForMoh: true; timeoutMs?: number }
  /** Until bridged with someone. */
  | { waitForBridge: true; timeoutMs?: number }
  /** Until the channel is answered. */
  | { waitForAnswer: true; timeoutMs?: number }
  /** Keys one at a time, 100 ms each, gapMs (default 250) between them. */
  | { press: string; gapMs?: number }
  /** Talk for ms (unmutes a caller muted by speakThenMute). */
  | { speak: number }
  /**
   * Talk for ms, then the phone stops sending audio frames (mute, silence
   * suppression/DTX) for the rest of the script, until a later speak. Talk
   * detection reports ChannelTalkingStarted (if ms >= 80) and never
   * ChannelTalkingFinished, since Asterisk counts silence only in frames.
   */
  | { speakThenMute: number }
  /** The caller hangs up (cause 16). */
  | { hangup: true };

/** How long a waiting step waits when the script gives no timeoutMs. */
export const DEFAULT_STEP_TIMEOUT_MS = 300_000;
const KEY_MS = 100;
const DEFAULT_KEY_GAP_MS = 250;

interface Waiter {
  label: string;
  /** Called with a signal, or with undefined to test the present state. */
  matches: (signal: ChannelSignal | undefined) => boolean;
  next: () => void;
  timer: TimerHandle | undefined;
}

/** Runs one caller's steps against its channel. */
export class CallerScript {
  private waiter: Waiter | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly ctx: SimContext,
    private readonly ch: Channel,
    private readonly steps: readonly CallerStep[],
    private readonly log: (event: CallerEvent) => void,
  ) {}

  /** Starts at the first step. */
  start(): void {
    this.unsubscribe = this.ch.on((signal) => this.onSignal(signal));
    this.ch.cleanups.push(() => this.unsubscribe?.());
    // A caller still waiting when the call is torn down never got what its
    // script expected: logged, so a flow test cannot pass on a detour.
    this.ch.cleanups.push(() => {
      if (this.waiter) this.log({ kind: 'step-unfinished', step: this.waiter.label });
    });
    this.run(0);
  }

  private run(index: number): void {
    if (!this.ch.live) return;
    const step = this.steps[index];
    if (!step) return;
    const next = (): void => this.run(index + 1);
    if ('wait' in step) {
      this.ch.timers.after(step.wait, next);
    } else if ('waitForPrompt' in step) {
      const text = step.waitForPrompt;
      const onEnd = step.on === 'end';
      this.waitFor(`waitForPrompt ${text}`, step.timeoutMs, next, (s) => {
        if (!s) return !onEnd && this.currentMedia().includes(text);
        if (onEnd) return s.kind === 'playback-finished' && s.media.includes(text);
        return s.kind === 'playback-started' && s.media.includes(text);
      });
    } else if ('waitForMoh' in step) {
      this.waitFor('waitForMoh', step.timeoutMs, next, (s) => (s ? s.kind === 'moh-started' : this.ch.heard.moh !== undefined));
    } else if ('waitForBridge' in step) {
      this.waitFor('waitForBridge', step.timeoutMs, next, (s) => {
        if (!s) return this.ctx.bridges.peersOf(this.ch).length > 0;
        return (s.kind === 'bridge-entered' || s.kind === 'bridge-peers') && s.peers.length > 0;
      });
    } else if ('waitForAnswer' in step) {
      this.waitFor('waitForAnswer', step.timeoutMs, next, (s) => (s ? s.kind === 'state' && s.state === 'Up' : this.ch.state === 'Up'));
    } else if ('press' in step) {
      this.press(step.press, step.gapMs ?? DEFAULT_KEY_GAP_MS, 0, next);
    } else if ('speak' in step) {
      this.log({ kind: 'speech', durationMs: step.speak });
      this.ch.audio.set({ speaking: true, flowing: true });
      this.ch.timers.after(step.speak, () => {
        this.ch.audio.set({ speaking: false });
        next();
      });
    } else if ('speakThenMute' in step) {
      this.log({ kind: 'speech', durationMs: step.speakThenMute });
      this.ch.audio.set({ speaking: true, flowing: true });
      this.ch.timers.after(step.speakThenMute, () => {
        // No frames at all from here on: not even silence reaches Asterisk.
        this.ch.audio.set({ speaking: false, flowing: false });
        this.log({ kind: 'muted' });
        next();
      });
    } else if ('hangup' in step) {
      this.ctx.lifecycle.hangup(this.ch, {
        request: { cause: Cause.NORMAL_CLEARING, soft: false },
        cause: Cause.NORMAL_CLEARING,
        by: 'caller',
      });
    } else {
      this.log({ kind: 'step-timeout', step: `unknown step ${JSON.stringify(step)}` });
    }
  }

  private waitFor(label: string, timeoutMs: number | undefined, next: () => void, matches: Waiter['matches']): void {
    if (matches(undefined)) {
      next();
      return;
    }
    const waiter: Waiter = { label, matches, next, timer: undefined };
    waiter.timer = this.ch.timers.after(timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS, () => {
      if (this.waiter !== waiter) return;
      this.waiter = undefined;
      this.log({ kind: 'step-timeout', step: label });
    });
    this.waiter = waiter;
  }

  private onSignal(signal: ChannelSignal): void {
    const waiter = this.waiter;
    if (!waiter || !waiter.matches(signal)) return;
    this.waiter = undefined;
    this.ch.timers.cancel(waiter.timer);
    waiter.next();
  }

  private press(keys: string, gapMs: number, i: number, next: () => void): void {
    if (i >= keys.length) {
      next();
      return;
    }
    this.ch.timers.after((i === 0 ? 0 : gapMs) + KEY_MS, () => {
      const digit = keys[i] ?? '';
      this.log({ kind: 'key', digit });
      this.ctx.channelMedia.receiveDtmf(this.ch, digit);
      this.press(keys, gapMs, i + 1, next);
    });
  }

  private currentMedia(): string {
    const id = this.ch.heard.playbackId;
    const pb = id ? this.ctx.playbacks.get(id) : undefined;
    return pb ? (pb.medias[pb.index] ?? '') : '';
  }
}

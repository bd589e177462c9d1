/**
 * CallRunner: turns each StasisStart into a running call. It answers at
 * once (the first request sent for the channel), turns on talk detection,
 * binds the call to the config version current at that moment, runs the
 * flow, and makes sure every call ends with closing words and a hangup, even
 * when a flow fails. It also drains calls for a graceful shutdown.
 */
import { EventEmitter } from 'node:events';
import type { Clock } from '../clock/clock.js';
import { waitAtMost } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import { maskNumber } from '../log/mask.js';
import type { ChannelHandle } from '../ari/channel-handle.js';
import type { HotlineConfig, Language } from '../config/schema.js';
import { CallerInput } from './caller-input.js';
import { Timeline, type TimelineEntry } from './timeline.js';
import type { CallContext, CallServices, StopReason } from './context.js';
import { ms } from './context.js';
import { say } from './say.js';
import { letCallerHangUpFirst } from './hangup.js';
import { asteriskLanguage, promptMedia } from '../sounds/layout.js';

/** System prompt "sorry for the interruption" (the recovery flow's apology, src/flows/recovery.ts). */
const SORRY_INTERRUPTED_PROMPT = 'sorry-interrupted';

/** A config version as the runner needs it. */
export interface ConfigVersion {
  config: HotlineConfig;
  version: string;
}

/** What the runner reports when a call has ended. */
export interface CallSummary {
  id: string;
  callerNumber: string;
  configVersion: string;
  endedBy: 'caller' | 'us';
  cause: number | undefined;
  timeline: TimelineEntry[];
  formatted: string;
}

/** The flow a call runs. */
export type Flow = (ctx: CallContext) => Promise<void>;

/** Options for CallRunner. */
export interface CallRunnerOptions {
  clock: Clock;
  logger: Logger;
  /** The config version new calls take (hot reload swaps what this returns). */
  currentConfig: () => ConfigVersion;
  services: CallServices;
  flow: Flow;
  /** Prompt played to calls that arrive while we are shutting down. */
  unavailablePrompt?: string;
}

/** True if the last prompt the caller heard to the end was one of the goodbye prompts. */
function heardGoodbye(ctx: CallContext): boolean {
  const last = ctx.timeline.ofKind('prompt-finished').at(-1);
  return last !== undefined && last['status'] === 'finished' && ctx.config.prompts.goodbye.includes(String(last['prompt']));
}

/** Time we wait for Asterisk to confirm a hangup before we stop tracking the call. */
const HANGUP_CONFIRM_MS = 5_000;

interface LiveCall {
  ctx: CallContext;
  stop: (reason: StopReason) => void;
  done: Promise<void>;
}

/** A timeline entry as it happens, for live views. */
export interface TimelineEntryEvent {
  callId: string;
  entry: TimelineEntry;
}

/** Events: 'call-started' (CallContext), 'timeline-entry' (TimelineEntryEvent, each entry as it is added), 'call-ended' (CallSummary). */
export class CallRunner extends EventEmitter {
  private readonly live = new Map<string, LiveCall>();
  /** Calls that heard the goodbye but whose hang-up Asterisk never confirmed. */
  private readonly owedHangups = new Set<string>();
  private draining = false;

  constructor(private readonly opts: CallRunnerOptions) {
    super();
  }

  /** Calls in progress. */
  activeCalls(): number {
    return this.live.size;
  }

  /** True once drain() has begun. */
  isDraining(): boolean {
    return this.draining;
  }

  /** True while a flow is running for this channel. */
  isLive(channelId: string): boolean {
    return this.live.has(channelId);
  }

  /** True if the call already heard its goodbye and only the hang-up is missing. */
  owesOnlyHangup(channelId: string): boolean {
    return this.owedHangups.has(channelId);
  }

  /** Notes on running calls' timelines that their channel survived a reconnect. */
  noteReadopted(channelIds: readonly string[]): void {
    for (const id of channelIds) this.live.get(id)?.ctx.timeline.add('readopted');
  }

  /**
   * Handles a channel in our app (wire to AriClient's 'call'); `flow`
   * overrides the default flow (recovery after an interruption).
   */
  handle(channel: ChannelHandle, flow?: Flow): void {
    if (this.live.has(channel.id)) return;
    if (this.draining) {
      void this.turnAway(channel);
      return;
    }
    const call = this.start(channel, flow ?? this.opts.flow);
    this.live.set(channel.id, call);
    void call.done.finally(() => this.live.delete(channel.id));
  }

  /**
   * Graceful shutdown: new calls are turned away politely; calls in progress
   * get until deadlineMs to finish, then hear the goodbye and are hung up.
   */
  async drain(deadlineMs: number): Promise<void> {
    this.draining = true;
    const all = (): Promise<unknown> => Promise.allSettled([...this.live.values()].map((c) => c.done));
    if (this.live.size === 0) return;
    if (!(await waitAtMost(this.opts.clock, all(), deadlineMs))) {
      for (const c of this.live.values()) c.stop('shutdown');
      await all();
    }
  }

  private start(channel: ChannelHandle, flow: Flow): LiveCall {
    const { clock } = this.opts;
    const stopper = new AbortController();
    const stop = (r: StopReason): void => {
      if (!stopper.signal.aborted) stopper.abort(new Error(`call stopped: ${r}`));
    };
    // Answer first: the standards want the answer request out within 100 ms of StasisStart.
    const answered = channel.answer();
    const { config, version } = this.opts.currentConfig();
    const log = this.opts.logger.child({ callId: channel.id });
    const timeline = new Timeline(channel.id, clock, log, (entry) => this.emit('timeline-entry', { callId: channel.id, entry } satisfies TimelineEntryEvent));
    const input = new CallerInput(channel, clock);
    const caller = { number: channel.snapshot.caller?.number ?? '', name: channel.snapshot.caller?.name ?? '' };
    const ctx: CallContext = {
      id: channel.id,
      channel,
      clock,
      signal: stopper.signal,
      log,
      timeline,
      config,
      configVersion: version,
      input,
      services: this.opts.services,
      caller,
      language: config.languages.default as Language,
      endedBy: undefined,
    };
    void channel.endedPromise.then(() => stop('hangup'));
    timeline.add('call-started', { from: caller.number, configVersion: version });
    this.emit('call-started', ctx);
    const done = this.run(ctx, answered, stop, flow).finally(() => input.dispose());
    return { ctx, stop, done };
  }

  private async run(ctx: CallContext, answered: Promise<void>, stop: (r: StopReason) => void, flow: Flow): Promise<void> {
    let failed = false;
    try {
      await answered;
      ctx.timeline.add('answered');
      await ctx.channel.setVariable('TALK_DETECT(set)', '').catch((err: unknown) => {
        // Without talk detection only keys count as "heard"; the call still works.
        ctx.log.warn(`talk detection not enabled: ${err instanceof Error ? err.message : String(err)}`);
      });
      await flow(ctx);
    } catch (err) {
      if (!ctx.channel.ended) {
        failed = true;
        ctx.log.error(`flow failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        ctx.timeline.add('error', { what: 'flow-failed', message: err instanceof Error ? err.message : String(err) });
      }
    }
    // A flow that ended without hanging up (stopped for shutdown, or failed)
    // still owes the caller closing words. If we already hung up, the
    // StasisEnd may simply not have arrived yet: nothing more to say.
    if (!ctx.channel.ended && ctx.endedBy !== 'us') await this.closeAfterStop(ctx, failed);
    stop('hangup');
    await waitAtMost(this.opts.clock, ctx.channel.endedPromise, HANGUP_CONFIRM_MS);
    if (!ctx.channel.ended) {
      // Our hang-up never reached Asterisk (a long outage): say so. If the
      // channel is still there after a reconnect, the service closes it then.
      ctx.log.error('the call could not be ended: hang-up not confirmed by Asterisk');
      ctx.timeline.add('error', { what: 'hangup-not-confirmed' });
      if (heardGoodbye(ctx)) {
        this.owedHangups.add(ctx.id);
        void ctx.channel.endedPromise.then(() => this.owedHangups.delete(ctx.id));
      }
    }
    const endedBy = ctx.endedBy ?? 'caller';
    ctx.timeline.add('hangup', { by: endedBy, cause: ctx.channel.hangupCause ?? null });
    const summary: CallSummary = {
      id: ctx.id,
      callerNumber: ctx.caller.number,
      configVersion: ctx.configVersion,
      endedBy,
      cause: ctx.channel.hangupCause,
      timeline: ctx.timeline.entries(),
      formatted: ctx.timeline.format(),
    };
    this.emit('call-ended', summary);
  }

  /**
   * A flow ended (or was stopped for shutdown) with the caller still there:
   * goodbye, then the close's grace (the failed-call grace after a flow
   * failure) so the caller can hang up first, then hang up.
   */
  private async closeAfterStop(ctx: CallContext, failed: boolean): Promise<void> {
    const quiet = new AbortController();
    const endWatch = (): void => quiet.abort();
    void ctx.channel.endedPromise.then(endWatch);
    const p = ctx.config.prompts;
    const closing: CallContext = { ...ctx, signal: quiet.signal };
    // A failure (an ARI fault, a bug) owes the caller an apology before the goodbye, never a bare close.
    const bye = await say(closing, [...(failed ? [SORRY_INTERRUPTED_PROMPT] : []), ...p.thanks, ...p.goodbye]);
    if (bye.kind === 'gone') return;
    const t = ctx.config.timings;
    await letCallerHangUpFirst(closing, ms(failed ? t.failedCallGraceSeconds : t.closeGraceSeconds));
    if (closing.endedBy === 'us') ctx.endedBy = 'us';
  }

  /** While shutting down: answer, apologise, give the caller time to hang up first, then hang up (never dead air). */
  private async turnAway(channel: ChannelHandle): Promise<void> {
    const { config } = this.opts.currentConfig();
    this.opts.logger.info('call turned away while shutting down', { callId: channel.id, from: maskNumber(channel.snapshot.caller?.number ?? '') });
    try {
      await channel.answer();
      const lang = asteriskLanguage(config.languages.default);
      await channel.play(promptMedia(this.opts.unavailablePrompt ?? 'service-unavailable'), { lang, watchdogMs: 15_000 });
    } catch {
      /* the channel may already be gone */
    }
    await waitAtMost(this.opts.clock, channel.endedPromise, config.timings.failedCallGraceSeconds * 1000);
    await channel.hangup().catch(() => undefined);
  }
}

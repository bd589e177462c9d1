/**
 * One callback attempt, target first: ring the colleague, whisper who is
 * waiting, then dial the customer with our caller ID while the colleague
 * hears ringing. The customer hears the opening at once and the
 * right-person check; confirmed, the two are bridged and the promise is
 * kept. Anything else is recorded with what comes next (retry or final),
 * and the colleague is told what happened before their leg is hung up.
 * Each leg keeps its own timeline.
 */
import { waitAtMost, type Clock } from '../clock/clock.js';
import type { Logger } from '../log/logger.js';
import type { BridgeHandle } from '../ari/bridge.js';
import type { ChannelHandle } from '../ari/channel-handle.js';
import type { CallContext } from '../call/context.js';
import { say } from '../call/say.js';
import { Timeline, type TimelineEntry } from '../call/timeline.js';
import type { DialerConfig, HotlineConfig, Target } from '../config/schema.js';
import type { PromptLengths } from '../sounds/prompt-lengths.js';
import type { AttemptOutcome, CallbackQueue, CallbackRequest } from '../store/callback-queue.js';
import type { AbandonMeter } from './abandon-meter.js';
import { customerDialString, parseCallerId } from './dial-strings.js';
import { keepLease, leaseMsFor, MIN_RING_SECONDS } from './lease-keeper.js';
import { legContext } from './leg-context.js';
import { DIALER_TALK_SILENCE_MS, watchForMachine } from './machine-detector.js';
import { nextStep, type NextStep } from './next-step.js';
import { placeLeg, type LegClient } from './place-leg.js';
import { checkRightPerson, sayAndClose, type Verdict } from './right-person.js';
import { spokeWithin, ABANDON_MS } from './abandon-check.js';
import { whisperPrompts } from './whisper.js';


/** What an attempt needs from the rest of the dialer. */
export interface AttemptDeps {
  client: LegClient & { createBridge(): Promise<BridgeHandle> };
  queue: CallbackQueue;
  clock: Clock;
  log: Logger;
  instance: string;
  meter: AbandonMeter;
  promptLengthMs?: PromptLengths;
  /** Channel ids of the dialer's legs while they live (the service must leave them alone). */
  owned: Set<string>;
}

/** One claimed request and the config it is dialled with. */
export interface AttemptInput {
  request: CallbackRequest;
  targetName: string;
  target: Target;
  config: HotlineConfig;
  configVersion: string;
  dialer: DialerConfig;
  /** Aborts when the dialer stops. */
  signal: AbortSignal;
}

/** How an attempt ended, for the 'attempt-ended' event. */
export interface AttemptReport {
  requestId: string;
  target: string;
  /** 'stopped': the dialer stopped or lost the lease; nothing was recorded, the lease runs out and another instance takes over. */
  outcome: AttemptOutcome | 'stopped';
  reason: string;
  next?: NextStep;
  /** False when the store refused the record (the lease was no longer ours). */
  recorded: boolean;
  /** Whether the customer answered and nobody spoke to them within 2 s (undefined: not answered by a person). */
  abandoned?: boolean;
  colleague: TimelineEntry[];
  customer: TimelineEntry[];
}

type Ending = { outcome: AttemptOutcome | 'stopped'; reason: string };

/** Runs the attempt to its end (for a completed one: until the conversation is over). */
export async function runAttempt(deps: AttemptDeps, input: AttemptInput): Promise<AttemptReport> {
  return new Attempt(deps, input).run();
}

class Attempt {
  private readonly ac = new AbortController();
  private readonly colleagueLeft = new AbortController();
  private readonly colleagueTl: Timeline;
  private readonly customerTl: Timeline;
  private readonly startedAt: number;
  private colleague: ChannelHandle | undefined;
  private customer: ChannelHandle | undefined;
  private colleagueCtx: CallContext | undefined;
  private readonly disposers: (() => void)[] = [];
  private abandoned: boolean | undefined;
  private recorded = false;
  private next: NextStep | undefined;

  constructor(
    private readonly deps: AttemptDeps,
    private readonly input: AttemptInput,
  ) {
    const id = input.request.id;
    this.startedAt = deps.clock.now();
    this.colleagueTl = new Timeline(`${id}/colleague`, deps.clock, deps.log);
    this.customerTl = new Timeline(`${id}/customer`, deps.clock, deps.log);
    const stop = (): void => this.ac.abort();
    if (input.signal.aborted) stop();
    else input.signal.addEventListener('abort', stop, { once: true });
    this.disposers.push(() => input.signal.removeEventListener('abort', stop));
  }

  async run(): Promise<AttemptReport> {
    const { deps, input } = this;
    const lease = keepLease({
      queue: deps.queue,
      id: input.request.id,
      instance: deps.instance,
      leaseMs: leaseMsFor(input.dialer),
      clock: deps.clock,
      log: deps.log,
      onLost: () => this.ac.abort(),
    });
    let ending: Ending;
    try {
      ending = await this.dial(() => lease.stop());
    } catch (err) {
      ending = { outcome: 'failed', reason: `dialer error: ${err instanceof Error ? err.message : String(err)}` };
    } finally {
      lease.stop();
    }
    // The customer's side is over: their leg goes first (a machine must not keep talking into the report).
    await this.hangUp(this.customer, this.customerTl);
    if (ending.outcome !== 'stopped' && !this.recorded) await this.record(ending);
    if (ending.outcome !== 'stopped') await this.tellColleague(ending);
    await this.hangUp(this.colleague, this.colleagueTl);
    for (const d of this.disposers) d();
    this.colleagueTl.add('attempt-ended', { outcome: ending.outcome, reason: ending.reason });
    const report: AttemptReport = {
      requestId: input.request.id,
      target: input.targetName,
      outcome: ending.outcome,
      reason: ending.reason,
      recorded: this.recorded,
      colleague: this.colleagueTl.entries(),
      customer: this.customerTl.entries(),
      ...(this.next ? { next: this.next } : {}),
      ...(this.abandoned !== undefined ? { abandoned: this.abandoned } : {}),
    };
    return report;
  }

  /** Both legs, up to a verdict. Calls leaseDone once the promise is recorded as kept. */
  private async dial(leaseDone: () => void): Promise<Ending> {
    const { deps, input } = this;
    const { request: req, dialer: d } = input;
    const stopped = (): Ending => ({ outcome: 'stopped', reason: 'the dialer stopped or lost the lease' });
    this.colleagueTl.add('call-started', { request: req.id, target: input.targetName, leg: 'colleague' });
    const c = await placeLeg({
      client: deps.client,
      clock: deps.clock,
      timeline: this.colleagueTl,
      endpoint: input.target.dial,
      ringMs: input.target.ringTimeoutSeconds * 1000,
      signal: this.ac.signal,
      onChannel: (ch) => this.own(ch, 'colleague'),
    });
    if (c.kind === 'stopped') return stopped();
    if (c.kind === 'busy') return { outcome: 'target-busy', reason: 'the colleague was busy' };
    if (c.kind === 'no-answer') return { outcome: 'target-no-answer', reason: `the colleague did not answer within ${input.target.ringTimeoutSeconds} s` };
    if (c.kind === 'failed') return { outcome: 'target-no-answer', reason: `the colleague could not be reached: ${c.reason}` };
    this.colleagueTl.add('answered');
    void c.channel.endedPromise.then(() => this.colleagueLeft.abort());
    const col = this.context(c.channel, this.colleagueTl, AbortSignal.any([this.ac.signal, this.colleagueLeft.signal]));
    this.colleagueCtx = col;

    this.colleagueTl.add('whisper', { number: req.number, waitingMs: deps.clock.now() - Date.parse(req.createdAt) });
    await say(col, whisperPrompts(req, d.prompts, deps.clock.now(), input.config.callback.readBackGroups));
    if (req.nameRecording && !col.signal.aborted) {
      await c.channel.play(`recording:${req.nameRecording}`, { watchdogMs: 15_000, signal: col.signal });
    }
    if (this.ac.signal.aborted) return stopped();
    if (this.colleagueLeft.signal.aborted) return { outcome: 'target-no-answer', reason: 'the colleague hung up during the whisper' };
    await c.channel.startRinging().catch(() => undefined);

    const endpoint = customerDialString(d.trunk, req.number);
    if (!endpoint) return { outcome: 'failed', reason: 'the number is not digits only' };
    // Renewed right before the customer is dialled: a lease we no longer hold means another
    // instance may be calling them, and a fresh one outlasts this ring time even if we die
    // now (leaseMsFor), so nobody else rings them while our leg may still be ringing.
    const held = await deps.queue.renewLease(req.id, deps.instance, leaseMsFor(d)).catch((err: unknown) => {
      // The store is unreachable: the lease keeper still holds the lease we had; go on.
      deps.log.warn(`callback lease not renewed before the customer's dial: ${err instanceof Error ? err.message : String(err)}`, { request: req.id });
      return true;
    });
    if (!held) {
      deps.log.warn('callback lease lost before the customer was dialled: not dialling', { request: req.id });
      return stopped();
    }
    const ringSeconds = Math.max(MIN_RING_SECONDS, d.ringSeconds);
    this.customerTl.add('call-started', { request: req.id, leg: 'customer' });
    const cu = await placeLeg({
      client: deps.client,
      clock: deps.clock,
      timeline: this.customerTl,
      endpoint,
      ringMs: ringSeconds * 1000,
      callerId: parseCallerId(d.callerId),
      signal: AbortSignal.any([this.ac.signal, this.colleagueLeft.signal]),
      onChannel: (ch) => this.own(ch, 'customer'),
    });
    if (cu.kind === 'stopped') {
      if (this.ac.signal.aborted) return stopped();
      return { outcome: 'target-no-answer', reason: 'the colleague hung up while the customer rang' };
    }
    if (cu.kind === 'busy') return { outcome: 'customer-busy', reason: 'the customer was busy' };
    if (cu.kind === 'no-answer') return { outcome: 'customer-no-answer', reason: `no answer after ${Math.round(cu.ringMs / 1000)} s of ringing` };
    if (cu.kind === 'failed') return { outcome: 'failed', reason: `the call to the customer failed: ${cu.reason}` };

    return this.talk(cu.channel, leaseDone);
  }

  /** The customer answered: opening, right-person check, and what follows from the verdict. */
  private async talk(customer: ChannelHandle, leaseDone: () => void): Promise<Ending> {
    const { deps, input } = this;
    const { dialer: d, request: req } = input;
    const answeredAt = deps.clock.now();
    this.customerTl.add('answered');
    const machine = new AbortController();
    const cust = this.context(customer, this.customerTl, AbortSignal.any([this.ac.signal, machine.signal]));
    // A short silence threshold, so a person's "hello?" ends before the machine verdict.
    await customer.setVariable('TALK_DETECT(set)', String(DIALER_TALK_SILENCE_MS)).catch(() => undefined);
    const stopWatch = watchForMachine({
      channel: customer,
      clock: deps.clock,
      answeredAt,
      machineSpeechMs: d.machineSpeechSeconds * 1000,
      onMachine: () => {
        this.customerTl.add('machine-detected', { afterMs: deps.clock.now() - answeredAt });
        machine.abort();
      },
    });
    const verdict: Verdict = await checkRightPerson(cust, d, req.number);
    stopWatch();
    this.customerTl.add('right-person', { verdict: verdict.kind });
    if (machine.signal.aborted) return { outcome: 'machine', reason: `speech without a pause for ${d.machineSpeechSeconds} s from the answer` };
    this.meterAnswer(answeredAt, customer);
    const grace = input.config.timings.closeGraceSeconds;
    switch (verdict.kind) {
      case 'confirmed':
        if (this.colleagueLeft.signal.aborted) {
          await sayAndClose(cust, d.prompts.colleagueGone, grace);
          return { outcome: 'target-no-answer', reason: 'the colleague left before the customer was put through' };
        }
        return this.bridge(cust, leaseDone);
      case 'wrong-person':
        await sayAndClose(cust, d.prompts.wrongPerson, grace);
        return { outcome: 'wrong-person', reason: 'the callee said they are not the holder of the number' };
      case 'never-again':
        try {
          await deps.queue.addDoNotCall(req.number, `callee, on a callback by ${deps.instance}`);
        } catch (err) {
          // The request is still cancelled below; ops must add the number by hand.
          deps.log.error(`do-not-call entry not stored for a callee who asked for it: ${err instanceof Error ? err.message : String(err)}`, { request: req.id });
        }
        await sayAndClose(cust, d.prompts.neverAgain, grace);
        return { outcome: 'refused', reason: 'the callee asked never to be called again' };
      case 'silent':
        return { outcome: 'customer-silent', reason: 'nothing heard through the outbound silent-line close' };
      case 'not-confirmed':
        await sayAndClose(cust, d.prompts.callLater, grace);
        return { outcome: 'failed', reason: 'the right person was not confirmed (no valid key)' };
      case 'gone':
        if (this.ac.signal.aborted) return { outcome: 'stopped', reason: 'the dialer stopped or lost the lease' };
        return { outcome: 'failed', reason: 'the customer hung up during the opening' };
    }
  }

  /** Counts the answered call in the abandon meter: did someone speak to them within 2 s? */
  private meterAnswer(answeredAt: number, customer: ChannelHandle): void {
    const stillThere = !customer.ended || this.deps.clock.now() - answeredAt >= ABANDON_MS;
    const spoke = spokeWithin(this.customerTl, answeredAt, ABANDON_MS);
    // A customer who hung up within 2 s before we spoke was not left waiting by us: not counted.
    if (!spoke && !stillThere) return;
    this.abandoned = !spoke;
    this.customerTl.add('abandon-check', { spokeWithinMs: ABANDON_MS, abandoned: this.abandoned });
    this.deps.meter.record(this.abandoned);
  }

  /** Confirmed: connect, record the promise kept, and stay until the conversation is over. */
  private async bridge(cust: CallContext, leaseDone: () => void): Promise<Ending> {
    const colleague = this.colleague as ChannelHandle;
    const customer = cust.channel;
    await say(cust, this.input.dialer.prompts.connecting);
    if (this.ac.signal.aborted) return { outcome: 'stopped', reason: 'the dialer stopped or lost the lease' };
    if (customer.ended) return { outcome: 'failed', reason: 'the customer hung up before they were put through' };
    if (colleague.ended) {
      await sayAndClose(cust, this.input.dialer.prompts.colleagueGone, this.input.config.timings.closeGraceSeconds);
      return { outcome: 'target-no-answer', reason: 'the colleague left before the customer was put through' };
    }
    await colleague.stopRinging().catch(() => undefined);
    let bridge: BridgeHandle;
    try {
      bridge = await this.deps.client.createBridge();
      await bridge.addChannels([colleague.id, customer.id]);
    } catch (err) {
      return { outcome: 'failed', reason: `the bridge failed: ${err instanceof Error ? err.message : String(err)}` };
    }
    this.colleagueTl.add('bridged', { bridge: bridge.id });
    this.customerTl.add('bridged', { bridge: bridge.id });
    const ending: Ending = { outcome: 'completed', reason: 'the customer confirmed and was put through to the colleague' };
    await this.record(ending);
    leaseDone();
    await Promise.race([colleague.endedPromise, customer.endedPromise, abortPromise(this.ac.signal)]);
    if (this.ac.signal.aborted && !colleague.ended && !customer.ended) {
      // Stopping the dialer does not cut a conversation short: it goes on in Asterisk without us.
      this.colleague = undefined;
      this.customer = undefined;
      return ending;
    }
    const by = customer.ended ? 'customer' : 'colleague';
    this.colleagueTl.add('unbridged', { by });
    this.customerTl.add('unbridged', { by });
    await bridge.destroy().catch(() => undefined);
    return ending;
  }

  /** Records the attempt with what comes next; the store refuses it if the lease is no longer ours. */
  private async record(ending: Ending): Promise<void> {
    if (ending.outcome === 'stopped') return;
    const { deps, input } = this;
    const current = (await deps.queue.get(input.request.id).catch(() => undefined)) ?? input.request;
    this.next = nextStep({ outcome: ending.outcome, reason: ending.reason, request: current, config: input.dialer, now: deps.clock.now() });
    try {
      this.recorded = await deps.queue.recordAttempt(
        input.request.id,
        deps.instance,
        { at: new Date(this.startedAt).toISOString(), outcome: ending.outcome, reason: ending.reason },
        this.next,
      );
    } catch (err) {
      // The store is down: the lease runs out and the request is tried again (the legs are still hung up).
      deps.log.error(`callback attempt not recorded: ${err instanceof Error ? err.message : String(err)}`, { request: input.request.id });
      this.recorded = false;
      return;
    }
    if (!this.recorded) deps.log.error('callback attempt not recorded: the lease was no longer ours', { request: input.request.id, outcome: ending.outcome });
  }

  /** Tells a colleague still on the line what happened and what comes next, before their leg is hung up. */
  private async tellColleague(ending: Ending): Promise<void> {
    const ctx = this.colleagueCtx;
    if (!ctx || !this.colleague || this.colleague.ended || ending.outcome === 'completed') return;
    const p = this.input.dialer.prompts;
    const what: Record<string, readonly string[]> = {
      'customer-busy': p.reportBusy,
      'customer-no-answer': p.reportNoAnswer,
      machine: p.reportMachine,
      'customer-silent': p.reportSilent,
      'wrong-person': p.reportWrongPerson,
      refused: p.reportRefused,
      failed: ending.reason.includes('not confirmed') ? p.reportNotConfirmed : p.reportFailed,
    };
    const prompts = what[ending.outcome];
    if (!prompts) return;
    await this.colleague.stopRinging().catch(() => undefined);
    const then = this.next?.status === 'pending' ? p.reportRetry : p.reportClosed;
    this.colleagueTl.add('report', { outcome: ending.outcome, next: this.next?.status ?? 'unknown' });
    // The attempt's own stop signal must not cut the report short (the customer side is over).
    await say({ ...ctx, signal: this.colleagueLeft.signal }, [...prompts, ...then]);
  }

  private async hangUp(leg: ChannelHandle | undefined, tl: Timeline): Promise<void> {
    if (!leg || leg.ended) return;
    tl.add('hangup', { by: 'us' });
    await leg.hangup().catch(() => undefined);
    // Wait for Asterisk to confirm, so the timelines in the report are whole.
    await waitAtMost(this.deps.clock, leg.endedPromise, 5_000);
  }

  private own(ch: ChannelHandle, leg: 'colleague' | 'customer'): void {
    if (leg === 'colleague') this.colleague = ch;
    else this.customer = ch;
    this.deps.owned.add(ch.id);
    void ch.endedPromise.then(() => {
      this.deps.owned.delete(ch.id);
      (leg === 'colleague' ? this.colleagueTl : this.customerTl).add('hangup', { ended: true, cause: ch.hangupCause ?? null });
    });
  }

  private context(channel: ChannelHandle, timeline: Timeline, signal: AbortSignal): CallContext {
    const { ctx, dispose } = legContext({
      channel,
      clock: this.deps.clock,
      log: this.deps.log,
      timeline,
      config: this.input.config,
      configVersion: this.input.configVersion,
      language: this.input.request.language,
      signal,
      number: this.input.request.number,
      ...(this.deps.promptLengthMs ? { promptLengthMs: this.deps.promptLengthMs } : {}),
    });
    this.disposers.push(dispose);
    return ctx;
  }
}

function abortPromise(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

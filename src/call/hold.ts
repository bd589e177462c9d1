/**
 * holdWithCheckIns: music on hold with a spoken progress line on a fixed
 * cadence (the caller never goes longer than the check-in interval without a
 * word from us), an optional callback offer once the hold runs long, and a
 * maximum. Used for look-ups and while a transfer target rings.
 */
import type { CallContext } from './context.js';
import { isOver } from './context.js';
import { say } from './say.js';

/** Options for holdWithCheckIns. */
export interface HoldOptions {
  /** Resolves when the work we hold for is done. */
  until: Promise<unknown>;
  checkInPrompts: readonly string[];
  checkInMs: number;
  /** Offer a callback at this point of the hold; `acceptKey` takes it. */
  offer?: { afterMs: number; prompts: readonly string[]; acceptKey: string };
  /** Give up holding after this long. */
  maxMs?: number;
  mohClass?: string;
  /** Label for the timeline (e.g. "lookup", "ringing"). */
  purpose: string;
}

/** How a hold ended. */
export type HoldOutcome =
  | { kind: 'done'; heldMs: number }
  | { kind: 'callback'; heldMs: number }
  | { kind: 'max'; heldMs: number }
  | { kind: 'gone'; heldMs: number };

/** Holds the caller until `until` resolves, the caller accepts the offer, or maxMs passes. */
export async function holdWithCheckIns(ctx: CallContext, o: HoldOptions): Promise<HoldOutcome> {
  const start = ctx.clock.now();
  const held = (): number => ctx.clock.now() - start;
  let finished = false;
  let wake: (() => void) | undefined;
  // Done or failed, the work we hold for is over: note it and wake the loop.
  const over = (): void => {
    finished = true;
    wake?.();
  };
  void o.until.then(over, over);
  ctx.timeline.add('hold-started', { purpose: o.purpose });
  let checkIns = 0;
  let offered = false;
  await music(ctx, true, o.mohClass);
  try {
    for (;;) {
      if (isOver(ctx)) return { kind: 'gone', heldMs: held() };
      if (finished) return { kind: 'done', heldMs: held() };
      if (offered && takeAccept(ctx, o.offer?.acceptKey)) {
        return { kind: 'callback', heldMs: held() };
      }
      const nextCheckIn = start + (checkIns + 1) * o.checkInMs;
      const offerAt = o.offer && !offered ? start + o.offer.afterMs : Infinity;
      const maxAt = o.maxMs !== undefined ? start + o.maxMs : Infinity;
      const next = Math.min(nextCheckIn, offerAt, maxAt);
      const r = await waitUntil(ctx, next, (w) => (wake = w));
      wake = undefined;
      if (r === 'gone') return { kind: 'gone', heldMs: held() };
      if (r === 'woken') continue;
      const now = ctx.clock.now();
      if (now >= maxAt) return { kind: 'max', heldMs: held() };
      if (o.offer && !offered && now >= offerAt) {
        offered = true;
        ctx.input.clearKeys();
        ctx.timeline.add('hold-callback-offer', { heldMs: held() });
        await speakOverHold(ctx, o.offer.prompts, o.mohClass);
        // The offer counts as a check-in: the next one is a full interval later.
        checkIns = Math.floor((ctx.clock.now() - start) / o.checkInMs);
        continue;
      }
      if (now >= nextCheckIn) {
        checkIns++;
        if (finished) continue;
        ctx.timeline.add('hold-check-in', { n: checkIns, heldMs: held() });
        await speakOverHold(ctx, o.checkInPrompts, o.mohClass);
      }
    }
  } finally {
    if (!ctx.channel.ended) await music(ctx, false, o.mohClass);
    ctx.timeline.add('hold-ended', { purpose: o.purpose, heldMs: held() });
  }
}

function takeAccept(ctx: CallContext, acceptKey: string | undefined): boolean {
  if (!acceptKey) return false;
  while (ctx.input.hasKey()) {
    if (ctx.input.takeKey() === acceptKey) return true;
  }
  return false;
}

/** Waits until clock time `at`, a key (after the offer matters) or `until` wakes us. */
async function waitUntil(ctx: CallContext, at: number, setWake: (w: () => void) => void): Promise<'time' | 'woken' | 'gone'> {
  const left = at - ctx.clock.now();
  if (left <= 0) return 'time';
  const woken = new Promise<'woken'>((r) => setWake(() => r('woken')));
  const changed = ctx.input.waitForChange(left, ctx.signal);
  const r = await Promise.race([changed, woken]);
  // Settle the input waiter if `until` won the race, so no timer is left behind.
  if (r === 'woken') ctx.input.cancelWait();
  if (r === 'aborted') return 'gone';
  if (r === 'timeout') return 'time';
  return 'woken';
}

async function speakOverHold(ctx: CallContext, prompts: readonly string[], mohClass: string | undefined): Promise<void> {
  await music(ctx, false, mohClass);
  await say(ctx, prompts);
  if (!isOver(ctx)) await music(ctx, true, mohClass);
}

async function music(ctx: CallContext, on: boolean, mohClass: string | undefined): Promise<void> {
  if (ctx.channel.ended) return;
  try {
    if (on) await ctx.channel.startMoh(mohClass);
    else await ctx.channel.stopMoh();
  } catch (err) {
    // Music is a courtesy; the check-ins still keep the caller informed.
    ctx.log.warn(`music on hold ${on ? 'start' : 'stop'} failed: ${err instanceof Error ? err.message : String(err)}`, { callId: ctx.id });
  }
}

/**
 * say: plays prompts in the caller's language, one after another. A failed
 * prompt (missing file, watchdog) is logged and skipped so the caller is not
 * left waiting on it; a key press can interrupt (and stays buffered for the
 * question that follows).
 */
import { asteriskLanguage, promptMedia } from '../sounds/layout.js';
import type { CallContext } from './context.js';
import { isOver } from './context.js';

/** How a say ended. */
export type SayOutcome =
  | { kind: 'finished'; failed: string[] }
  | { kind: 'interrupted'; key: string }
  | { kind: 'gone' };

/** Options for say. */
export interface SayOptions {
  /** Stop at the first key press (default false: the key is still buffered). */
  interruptible?: boolean;
}

/** Tries of a prompt Asterisk refuses (a 500, no answer) before it is skipped. */
const PROMPT_ATTEMPTS = 3;

/** A prompt of unknown length may play this long after its PlaybackStarted. */
const UNKNOWN_LENGTH_WATCHDOG_MS = 30_000;

/** Plays each prompt id in order. */
export async function say(ctx: CallContext, prompts: readonly string[], opts: SayOptions = {}): Promise<SayOutcome> {
  const failed: string[] = [];
  for (const id of prompts) {
    if (isOver(ctx)) return { kind: 'gone' };
    if (opts.interruptible && ctx.input.hasKey()) return { kind: 'interrupted', key: ctx.input.peekKey() ?? '' };
    const stopOnKey = new AbortController();
    const onAbort = (): void => stopOnKey.abort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const offKey = opts.interruptible ? ctx.input.onKey(() => stopOnKey.abort()) : () => undefined;
    const known = ctx.services.promptLengthMs?.(ctx.language, id);
    ctx.timeline.add('prompt-started', { prompt: id, lang: ctx.language });
    const playOnce = (): ReturnType<typeof ctx.channel.play> =>
      ctx.channel.play(promptMedia(id), {
        lang: asteriskLanguage(ctx.language),
        // Known length: the watchdog scales with it from PlaybackStarted (slow is not stuck, #12 item 4).
        ...(known !== undefined ? { expectedMs: known } : { watchdogMs: UNKNOWN_LENGTH_WATCHDOG_MS }),
        signal: stopOnKey.signal,
      });
    let result = await playOnce();
    // A request Asterisk refused (a 500, no answer) is tried again at once, up to
    // twice: skipping the prompt would leave the caller in silence where it belonged
    // (at 1 % refusals one retry still skipped about one prompt in 10,000).
    for (let attempt = 2; attempt <= PROMPT_ATTEMPTS && result.status === 'failed' && result.rejected && !isOver(ctx) && !stopOnKey.signal.aborted; attempt++) {
      ctx.log.warn(`prompt ${id} (${ctx.language}) refused by Asterisk, try ${attempt} of ${PROMPT_ATTEMPTS}: ${result.detail ?? ''}`, { callId: ctx.id });
      result = await playOnce();
    }
    offKey();
    ctx.signal.removeEventListener('abort', onAbort);
    ctx.timeline.add('prompt-finished', { prompt: id, status: result.status });
    if (result.status === 'hangup' || isOver(ctx)) return { kind: 'gone' };
    if (result.status === 'stopped' && opts.interruptible && ctx.input.hasKey()) {
      return { kind: 'interrupted', key: ctx.input.peekKey() ?? '' };
    }
    if (result.status === 'failed' || result.status === 'watchdog') {
      failed.push(id);
      ctx.log.error(`prompt ${id} (${ctx.language}) did not play: ${result.detail ?? result.status}`, { callId: ctx.id });
    }
  }
  return { kind: 'finished', failed };
}

/**
 * The silent-line close: we cannot hear the caller. Say so politely, suggest
 * calling again from another phone, say goodbye, then give them the failed-
 * call grace period (5 s) to hang up before we do.
 */
import type { CallContext } from '../call/context.js';
import { ms } from '../call/context.js';
import { say } from '../call/say.js';
import { letCallerHangUpFirst } from '../call/hangup.js';
import type { FlowResult } from './flow-result.js';

/** Plays the no-sound close and ends the call. */
export async function noSoundClose(ctx: CallContext): Promise<FlowResult> {
  const r = await say(ctx, ctx.config.prompts.noSoundClose);
  if (r.kind === 'gone') return 'ended';
  await letCallerHangUpFirst(ctx, ms(ctx.config.timings.failedCallGraceSeconds));
  return 'ended';
}

/**
 * Flows for calls we pick up again after a technical interruption (a
 * restart, a long ARI outage): the caller hears an apology, never silence,
 * and either carries on from the menu or gets the closing words.
 */
import type { CallContext } from '../call/context.js';
import { say } from '../call/say.js';
import type { SystemPromptId } from '../config/system-prompts.js';
import { followSteps, hotline } from './hotline.js';

/** System prompt: "sorry for the interruption". */
export const SORRY_INTERRUPTED_PROMPT: SystemPromptId = 'sorry-interrupted';

/**
 * A caller we pick up again (found after a restart, or whose flow gave up
 * during a long outage): apologise, then the hotline from the start.
 */
export async function resumeAfterInterruption(ctx: CallContext): Promise<void> {
  const r = await say(ctx, [SORRY_INTERRUPTED_PROMPT]);
  if (r.kind === 'gone') return;
  await hotline(ctx);
}

/** A caller whose colleague left a conversation we were not supervising: the polite close, with the menu one key away. */
export async function afterAgentLeft(ctx: CallContext): Promise<void> {
  await followSteps(ctx, 'close');
}

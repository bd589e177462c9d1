/**
 * The key menu and the silent-line sequence around it (standards sections
 * 2-3): silence after the greeting gets the offer of help once more, then
 * the no-sound close; an invalid key or speech without a key gets an
 * apology and the menu again, a bounded number of times, then the agent
 * route or the close. Never "what?", never a rude reprompt.
 */
import type { CallContext } from '../call/context.js';
import { ms } from '../call/context.js';
import { say } from '../call/say.js';
import { listen, waitForSpeechEnd } from '../call/listen.js';
import type { MenuAction } from '../config/schema.js';
import { noSoundClose } from './silent-line.js';
import { transfer } from './transfer.js';
import { holdForLookup } from './hold-lookup.js';
import { closeWithGoodbye } from './polite-close.js';
import type { FlowResult } from './flow-result.js';

/** Longest we wait for a talking caller to finish before answering them. */
const MAX_SPEECH_WAIT_MS = 15_000;

/**
 * Waits for a menu choice and runs it; returns where the call goes next.
 * The menu has just been played (with the greeting, or by the hotline loop).
 */
export async function runMenu(ctx: CallContext): Promise<FlowResult> {
  let silences = 0;
  let misses = 0;
  for (;;) {
    const heard = await listen(ctx, ms(ctx.config.timings.silenceSeconds));
    if (heard.kind === 'gone') return 'ended';
    if (heard.kind === 'silence') {
      silences++;
      if (silences === 1) {
        const r = await say(ctx, ctx.config.prompts.repeatOffer, { interruptible: true });
        if (r.kind === 'gone') return 'ended';
        continue;
      }
      return noSoundClose(ctx);
    }
    silences = 0;
    let key: string | undefined = heard.kind === 'key' ? heard.key : undefined;
    if (heard.kind === 'speech') {
      const k = await waitForSpeechEnd(ctx, MAX_SPEECH_WAIT_MS);
      if (k === 'gone') return 'ended';
      key = k;
    }
    const action = key !== undefined ? ctx.config.menu.keys[key] : undefined;
    if (!action) {
      misses++;
      ctx.timeline.add('not-understood', { ...(key !== undefined ? { key } : { via: 'speech' }), attempt: misses });
      if (misses >= ctx.config.retries.menu) return menuExhausted(ctx);
      ctx.input.clearKeys();
      const r = await say(ctx, [...ctx.config.prompts.notUnderstood, ...ctx.config.prompts.menu], { interruptible: true });
      if (r.kind === 'gone') return 'ended';
      continue;
    }
    ctx.timeline.add('menu-choice', { key, action: action.action });
    return runAction(ctx, action);
  }
}

/** Carries out one menu action. */
async function runAction(ctx: CallContext, action: MenuAction): Promise<FlowResult> {
  switch (action.action) {
    case 'transfer':
      return transfer(ctx, action.target);
    case 'agent':
      return transfer(ctx, ctx.config.agentTarget);
    case 'hold-lookup':
      return holdForLookup(ctx, action.reason, action.lookupSeconds);
    case 'info': {
      const r = await say(ctx, action.prompt);
      return r.kind === 'gone' ? 'ended' : 'close';
    }
    case 'language': {
      const next = ctx.language === action.language ? ctx.config.languages.default : action.language;
      ctx.language = next;
      ctx.timeline.add('language', { language: next });
      const r = await say(ctx, ctx.config.prompts.languageSwitched);
      return r.kind === 'gone' ? 'ended' : 'back-to-menu';
    }
    case 'close':
      return closeWithGoodbye(ctx);
  }
}

/** After too many misses: a person, or the close. */
async function menuExhausted(ctx: CallContext): Promise<FlowResult> {
  if (ctx.config.menu.onExhausted === 'agent') return transfer(ctx, ctx.config.agentTarget);
  return closeWithGoodbye(ctx);
}

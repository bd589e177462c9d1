/**
 * Outside opening hours (standards sections 1-2): the courtesy greeting and
 * the organisation's name (so a caller who dialled the wrong number knows
 * whom they reached), that we are closed and when we open, then the choice:
 * leave a number for a callback (when hours.whenClosed is callback) and the
 * language key of the menu. A silent caller gets the silent-line sequence;
 * a language switch says it all again in the new language.
 */
import type { CallContext } from '../call/context.js';
import { ask } from '../call/ask.js';
import { say } from '../call/say.js';
import { callbackForDesk } from './callback-capture.js';
import { closeWithGoodbye } from './polite-close.js';
import type { FlowResult } from './flow-result.js';

/** Key that leaves a callback number while closed. */
export const CLOSED_CALLBACK_KEY = '1';

/** The closed-hours flow. */
export async function closedHours(ctx: CallContext): Promise<FlowResult> {
  const p = ctx.config.prompts;
  const callback = ctx.config.hours?.whenClosed === 'callback' && ctx.config.targets[ctx.config.agentTarget] !== undefined;
  const languageKeys = Object.entries(ctx.config.menu.keys).filter(([, a]) => a.action === 'language');
  const options = [...(callback ? p.closedOptions : []), ...(languageKeys.length > 0 ? p.closedLanguageOption : [])];
  let message: readonly string[] = [...p.closedGreeting, ...p.closedHours];
  for (;;) {
    if (options.length === 0) {
      // Nothing to choose: the message, then the goodbye.
      const r = await say(ctx, message);
      if (r.kind === 'gone') return 'ended';
      return closeWithGoodbye(ctx);
    }
    const answer = await ask(ctx, {
      name: 'closed',
      question: [...message, ...options],
      again: options,
      fit: (d) => ((callback && d === CLOSED_CALLBACK_KEY) || languageKeys.some(([k]) => k === d) ? 'ok' : 'invalid'),
      // With nothing but a language key to offer, silence just means goodbye.
      ...(callback ? {} : { onSilence: 'return' as const, silenceReplays: 0 }),
    });
    if (answer.kind === 'gone') return 'ended';
    if (answer.kind !== 'answer') return closeWithGoodbye(ctx);
    if (answer.digits === CLOSED_CALLBACK_KEY && callback) {
      return callbackForDesk(ctx, 'closed');
    }
    const action = ctx.config.menu.keys[answer.digits];
    if (action?.action === 'language') {
      ctx.language = ctx.language === action.language ? ctx.config.languages.default : action.language;
      ctx.timeline.add('language', { language: ctx.language });
      message = [...p.closedGreeting, ...p.closedHours];
    }
  }
}

/** Menu action `language`: switch to `language`; pressed while already in it, back to the default. Then the menu again. */
import { z } from 'zod';
import { Language } from '../../config/schema-parts.js';
import { say } from '../../call/say.js';
import { defineStep } from './step.js';

/** Its config entry under menu.keys. */
export const languageSchema = z.object({ action: z.literal('language'), language: Language }).strict();

export const languageStep = defineStep({
  action: 'language',
  schema: languageSchema,
  outcomes: () => ['back-to-menu'],
  reaches: (a) => ({ languages: [a.language] }),
  check(a, config, at, out) {
    if (a.language !== config.languages.default) return;
    out.warning('language-key-no-effect', [...at, 'language'], `key ${String(at[at.length - 1])} switches to ${a.language}, the default language the caller already hears`, {
      allowed: 'a language key for another available language',
    });
  },
  async run(ctx, a) {
    const next = ctx.language === a.language ? ctx.config.languages.default : a.language;
    ctx.language = next;
    ctx.timeline.add('language', { language: next });
    const r = await say(ctx, ctx.config.prompts.languageSwitched);
    return r.kind === 'gone' ? 'ended' : 'back-to-menu';
  },
});

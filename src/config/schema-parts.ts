/**
 * The smallest pieces of the flow config schema: languages, prompt ids and
 * lists, dial strings. schema.ts builds the whole file from them, and each
 * menu step (src/flows/steps/) builds its own action schema from them.
 */
import { z } from 'zod';
import { PROMPT_ID_PATTERN } from '../security/safe-names.js';

/** Languages the hotline can speak; prompts exist in sounds/<lang>/ for each. */
export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/** A prompt id from sounds/catalog.yaml (played as sound:hotline/<id>). */
export const PromptId = z
  .string()
  .regex(PROMPT_ID_PATTERN, 'a prompt id is lower-case letters, digits and dashes, e.g. "offer-help"');
/** One or more prompts played in order. */
export const PromptList = z.array(PromptId).min(1, 'list at least one prompt id');

/** An Asterisk dial string: Technology/resource, e.g. PJSIP/2001 or Local/sales@agents. */
export const DialString = z
  .string()
  .regex(/^(PJSIP|SIP|IAX2|DAHDI|Local)\/[A-Za-z0-9_.+@*#-]+(\/n)?$/, 'a dial string is TECH/resource with TECH one of PJSIP, SIP, IAX2, DAHDI, Local (e.g. PJSIP/2001, Local/sales@agents)');


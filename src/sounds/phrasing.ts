/**
 * Phrasing the call standards forbid in anything the hotline says (sections
 * 1-3 and 8 of shared/spec/call-standards.md): a bare "hello?", "speak!",
 * "what?", threats to hang up, a bare "I don't know", blaming a colleague or
 * a product. Checked against the catalog's texts by the tests.
 */
import type { Language } from '../config/schema.js';

/** A forbidden pattern and the rule it breaks. */
export interface ForbiddenPhrase {
  pattern: RegExp;
  rule: string;
}

/** Forbidden phrasing, by the language the text is spoken in. */
export const FORBIDDEN_PHRASING: Record<Language, readonly ForbiddenPhrase[]> = {
  'en-US': [
    { pattern: /\bhello\s*\?/i, rule: 'a bare "hello?" instead of a greeting' },
    { pattern: /\bspeak\s*(up\s*)?!/i, rule: 'ordering the caller to speak' },
    { pattern: /\bwhat\s*\?/i, rule: '"what?" instead of an apology and a repeat' },
    { pattern: /\bor\s+(I|we)('ll|\s+will)?\s+hang\s+up/i, rule: 'threatening to hang up' },
    { pattern: /\b(speak|talk|say something)\b[^.]*\bhang\s+up/i, rule: 'threatening to hang up' },
    { pattern: /\bI\s+(don't|do\s+not)\s+know\b/i, rule: '"I don\'t know" (say who will find out instead)' },
    { pattern: /\b(not\s+my|their|his|her)\s+fault\b/i, rule: 'blaming someone' },
    { pattern: /\b(not\s+my\s+(job|department)|nothing\s+to\s+do\s+with\s+(me|us))\b/i, rule: 'refusing responsibility' },
    { pattern: /\b(system|product|computer)\s+is\s+(broken|useless|rubbish)\b/i, rule: 'blaming a product' },
    { pattern: /\bcolleague\s+(made\s+a\s+mistake|messed\s+up|got\s+it\s+wrong)\b/i, rule: 'blaming a colleague' },
  ],
  'zh-CN': [
    { pattern: /^\s*喂[？?]?\s*$|喂[？?]/, rule: '只说"喂？"而不问候' },
    { pattern: /说话[！!啊呀]/, rule: '命令来电者说话' },
    { pattern: /(^|[，。！？\s])什么[？?]/, rule: '用"什么？"代替道歉和重复' },
    { pattern: /(再不说话|不说话).*挂/, rule: '威胁挂断' },
    { pattern: /我(也)?不知道/, rule: '只说"我不知道"而没有后续' },
    { pattern: /不(关|归)我(的事|管)/, rule: '推卸责任' },
    { pattern: /(同事|他们)(的错|搞错|弄错)/, rule: '责怪同事' },
    { pattern: /系统(坏了|太差|有毛病)|产品(太差|有毛病)/, rule: '责怪产品' },
  ],
};

/** The rules a text breaks, when spoken in `voice` (empty when it is fine). */
export function forbiddenPhrasing(text: string, voice: Language): string[] {
  return FORBIDDEN_PHRASING[voice].filter((f) => f.pattern.test(text)).map((f) => f.rule);
}

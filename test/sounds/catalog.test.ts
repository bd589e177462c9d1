/**
 * The prompt catalog: it parses, covers every prompt the flows play, keeps
 * each text in the right voice, and says nothing the call standards forbid.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { parse } from 'yaml';
import { HotlineConfigSchema, LANGUAGES } from '../../src/config/schema.js';
import { allPromptIds } from '../../src/config/prompts-check.js';
import {
  CatalogError,
  hasPrompt,
  isSpoken,
  loadCatalog,
  missingPromptIds,
  parseCatalog,
  promptIds,
  promptText,
  spokenText,
} from '../../src/sounds/catalog.js';
import { forbiddenPhrasing } from '../../src/sounds/phrasing.js';

const FLOW_FILE = new URL('../../flows/hotline.yaml', import.meta.url);
const HAN = /\p{Script=Han}/u;

describe('sounds/catalog.yaml', () => {
  const catalog = loadCatalog();

  it('loads, with speech in both languages for every speech entry', () => {
    expect(catalog.entries.size).to.be.greaterThan(40);
    for (const entry of catalog.entries.values()) {
      if (!isSpoken(entry)) continue;
      for (const lang of LANGUAGES) expect(entry.text[lang].text.length, `${entry.id} ${lang}`).to.be.greaterThan(0);
    }
  });

  it('has every prompt flows/hotline.yaml names, and the system prompts the flows use to read numbers back', () => {
    const config = HotlineConfigSchema.parse(parse(readFileSync(FLOW_FILE, 'utf8')));
    const missing = missingPromptIds(catalog, allPromptIds(config));
    expect(missing, `add these ids to sounds/catalog.yaml and run npm run sounds: ${missing.join(', ')}`).to.deep.equal([]);
  });

  it('has the apology the dialplan plays when the service is not connected', () => {
    expect(hasPrompt(catalog, 'service-unavailable')).to.equal(true);
  });

  it('has our own beep, a 1 kHz tone, for the voice note (the flows record with beep=false)', () => {
    expect(catalog.entries.get('beep')).to.deep.include({ kind: 'tone', hz: 1000, ms: 250, dbfs: -6 });
  });

  it('has a spoken apology for picking a call up again after an interruption', () => {
    expect(catalog.entries.get('sorry-interrupted')?.kind).to.equal('speech');
    expect(promptText(catalog, 'sorry-interrupted', 'en-US')).to.match(/sorry/i);
    expect(promptText(catalog, 'sorry-interrupted', 'zh-CN')).to.match(/抱歉/);
  });

  it('says the language option in the other language', () => {
    expect(spokenText(catalog, 'menu-language-option', 'zh-CN')).to.deep.equal({ text: 'For English, press 9.', voice: 'en-US' });
    expect(spokenText(catalog, 'menu-language-option', 'en-US')?.voice).to.equal('zh-CN');
    expect(promptText(catalog, 'menu-language-option', 'en-US')).to.match(/9/);
  });

  it('keeps Mandarin texts in the Mandarin voice and English texts in the English voice', () => {
    for (const entry of catalog.entries.values()) {
      if (!isSpoken(entry)) continue;
      for (const lang of LANGUAGES) {
        const { text, voice } = entry.text[lang];
        const where = `${entry.id} (${lang} folder, ${voice} voice): "${text}"`;
        if (voice === 'zh-CN') expect(HAN.test(text), `${where} has no Chinese characters`).to.equal(true);
        else expect(HAN.test(text), `${where} has Chinese characters`).to.equal(false);
      }
    }
  });

  it('contains no phrasing the call standards forbid', () => {
    const found: string[] = [];
    for (const entry of catalog.entries.values()) {
      if (!isSpoken(entry)) continue;
      for (const lang of LANGUAGES) {
        const { text, voice } = entry.text[lang];
        for (const rule of forbiddenPhrasing(text, voice)) found.push(`${entry.id} ${lang}: "${text}" (${rule})`);
      }
    }
    expect(found).to.deep.equal([]);
  });

  it('helpers: ids in file order, text per language, undefined for silence, tones and unknown ids', () => {
    expect(promptIds(catalog).slice(0, 4)).to.deep.equal(['greeting-courtesy', 'greeting-organisation', 'greeting-line', 'offer-help']);
    expect(promptText(catalog, 'offer-help', 'en-US')).to.equal('How may I help you?');
    expect(promptText(catalog, 'pause', 'en-US')).to.equal(undefined);
    expect(spokenText(catalog, 'beep', 'zh-CN')).to.equal(undefined);
    expect(promptText(catalog, 'no-such-prompt', 'zh-CN')).to.equal(undefined);
    expect(missingPromptIds(catalog, ['goodbye', 'nope', 'nope'])).to.deep.equal(['nope']);
  });
});

describe('forbiddenPhrasing', () => {
  const bad: [string, 'zh-CN' | 'en-US'][] = [
    ['Hello?', 'en-US'],
    ['Speak!', 'en-US'],
    ['What?', 'en-US'],
    ['Speak or I hang up.', 'en-US'],
    ['I don\'t know.', 'en-US'],
    ['That is not my fault, the system is broken.', 'en-US'],
    ['My colleague made a mistake.', 'en-US'],
    ['喂？', 'zh-CN'],
    ['说话！', 'zh-CN'],
    ['什么？', 'zh-CN'],
    ['再不说话我就挂了。', 'zh-CN'],
    ['我不知道。', 'zh-CN'],
    ['这不归我管。', 'zh-CN'],
    ['是同事的错。', 'zh-CN'],
  ];
  for (const [text, voice] of bad) {
    it(`flags ${JSON.stringify(text)}`, () => {
      expect(forbiddenPhrasing(text, voice).length).to.be.greaterThan(0);
    });
  }

  it('lets courteous wording through', () => {
    expect(forbiddenPhrasing('Good day, and welcome. How may I help you?', 'en-US')).to.deep.equal([]);
    expect(forbiddenPhrasing('I need to look up your order for you.', 'en-US')).to.deep.equal([]);
    expect(forbiddenPhrasing('您好，请问有什么可以帮您？', 'zh-CN')).to.deep.equal([]);
  });
});

describe('parseCatalog', () => {
  const ok = 'version: 1\nprompts:\n  hi:\n    zh-CN: 您好\n    en-US: Good day\n';

  it('normalises plain and voiced texts', () => {
    const c = parseCatalog(`${ok}  opt:\n    zh-CN: { text: "For English, press 9.", voice: en-US }\n    en-US: 中文服务请按9\n  gap: { kind: silence, ms: 300 }\n`);
    expect(spokenText(c, 'hi', 'zh-CN')).to.deep.equal({ text: '您好', voice: 'zh-CN' });
    expect(spokenText(c, 'opt', 'zh-CN')?.voice).to.equal('en-US');
    expect(spokenText(c, 'opt', 'en-US')?.voice).to.equal('en-US');
    expect(c.entries.get('gap')).to.deep.include({ kind: 'silence', ms: 300 });
    expect(c.entries.get('hi')?.kind).to.equal('speech');
  });

  it('reads a tone, with -6 dBFS when no level is given', () => {
    const c = parseCatalog(`${ok}  tone: { kind: tone, hz: 1000, ms: 250 }\n  soft: { kind: tone, hz: 425, ms: 1000, dbfs: -12, note: quieter }\n`);
    expect(c.entries.get('tone')).to.deep.equal({ id: 'tone', kind: 'tone', hz: 1000, ms: 250, dbfs: -6 });
    expect(c.entries.get('soft')).to.deep.equal({ id: 'soft', kind: 'tone', hz: 425, ms: 1000, dbfs: -12, note: 'quieter' });
    expect(isSpoken(c.entries.get('tone')!)).to.equal(false);
    expect(isSpoken(c.entries.get('hi')!)).to.equal(true);
  });

  const bad: [string, string, RegExp][] = [
    ['a missing language', 'version: 1\nprompts:\n  hi:\n    zh-CN: 您好\n', /entry "hi": en-US:/],
    ['an empty text', 'version: 1\nprompts:\n  hi:\n    zh-CN: 您好\n    en-US: "  "\n', /entry "hi": en-US: the text is empty/],
    ['an unknown language', `${ok}    fr-FR: Bonjour\n`, /entry "hi": .*fr-FR/],
    ['an unknown voice', 'version: 1\nprompts:\n  hi:\n    zh-CN: { text: Hi, voice: de-DE }\n    en-US: Hi\n', /entry "hi": zh-CN/],
    ['a bad id', 'version: 1\nprompts:\n  Hi_There:\n    zh-CN: 您好\n    en-US: Hi\n', /entry "Hi_There": .*lower-case/],
    ['a silence without length', 'version: 1\nprompts:\n  gap: { kind: silence }\n', /entry "gap": ms:/],
    ['a silence too long', 'version: 1\nprompts:\n  gap: { kind: silence, ms: 60000 }\n', /entry "gap": ms: at most 5000 ms/],
    ['a tone without frequency', 'version: 1\nprompts:\n  beep: { kind: tone, ms: 250 }\n', /entry "beep": hz:/],
    ['a tone without length', 'version: 1\nprompts:\n  beep: { kind: tone, hz: 1000 }\n', /entry "beep": ms:/],
    ['a tone above the telephone band', 'version: 1\nprompts:\n  beep: { kind: tone, hz: 5000, ms: 250 }\n', /entry "beep": hz: at most 3400 Hz/],
    ['a tone at full scale', 'version: 1\nprompts:\n  beep: { kind: tone, hz: 1000, ms: 250, dbfs: 0 }\n', /entry "beep": dbfs: at most -1 dBFS/],
    ['a tone with text', 'version: 1\nprompts:\n  beep: { kind: tone, hz: 1000, ms: 250, en-US: beep }\n', /entry "beep": .*en-US/],
    ['a wrong version', 'version: 2\nprompts: {}\n', /version/],
    ['no prompts', 'version: 1\nprompts: {}\n', /no prompts/],
    ['a duplicate id', `${ok}  hi:\n    zh-CN: 你好\n    en-US: Hi\n`, /not valid YAML/],
  ];
  for (const [what, text, message] of bad) {
    it(`rejects ${what} with a message naming it`, () => {
      expect(() => parseCatalog(text, 'test.yaml')).to.throw(CatalogError, message);
    });
  }

  it('names the file when it cannot be read', () => {
    expect(() => loadCatalog('/nonexistent/catalog.yaml')).to.throw(CatalogError, /\/nonexistent\/catalog\.yaml: cannot read/);
  });
});

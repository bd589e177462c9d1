/**
 * Prompt audio: every prompt the config names and every system prompt
 * needs sounds/<lang>/<id>.wav for every available language. Also: the
 * shipped flows/hotline.yaml passes, against a temp sounds folder and
 * against the real sounds/ once it has WAVs.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { checkConfigFile } from '../../src/config/check.js';
import { allPromptIds, collectPromptRefs } from '../../src/config/prompts-check.js';
import { HotlineConfigSchema, type HotlineConfig } from '../../src/config/schema.js';
import { REQUIRED_SYSTEM_PROMPTS } from '../../src/config/system-prompts.js';
import { SOUNDS_DIR } from '../../src/sounds/layout.js';
import { check, errors, makeSoundsDir, removeDir, REPO, VALID, variant } from './helpers.js';

const SHIPPED = path.join(REPO, 'flows/hotline.yaml');
const parseConfig = (text: string): HotlineConfig => HotlineConfigSchema.parse(parse(text));

function wavCount(dir: string): number {
  try {
    return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.wav')).length;
  } catch {
    return 0;
  }
}

describe('config check: prompt audio', () => {
  let sounds: string;
  const validIds = allPromptIds(parseConfig(VALID));

  beforeEach(() => {
    sounds = makeSoundsDir(validIds);
  });
  afterEach(() => removeDir(sounds));

  it('REQUIRED_SYSTEM_PROMPTS lists the digits, star, pound, pause, callback-extension, beep, sorry-interrupted and the whisper\'s duration words', () => {
    expect(REQUIRED_SYSTEM_PROMPTS).to.deep.equal([
      'digit-0', 'digit-1', 'digit-2', 'digit-3', 'digit-4', 'digit-5', 'digit-6', 'digit-7', 'digit-8', 'digit-9',
      'digit-star', 'digit-pound', 'pause', 'callback-extension', 'beep', 'sorry-interrupted',
      'count-2', 'count-10', 'count-11', 'count-12', 'count-13', 'count-14', 'count-15', 'count-16', 'count-17', 'count-18', 'count-19',
      'count-20', 'count-30', 'count-40', 'count-50',
      'duration-minute', 'duration-hour', 'duration-hours', 'duration-day', 'duration-days',
    ]);
  });

  it('collects prompt ids from prompts, menu reason/prompt lists and targets', () => {
    const refs = collectPromptRefs(parseConfig(VALID)).map((r) => `${r.id}@${r.path.join('.')}`);
    expect(refs).to.include.members([
      'greeting-line@prompts.greeting.2',
      'lookup-reason-order@menu.keys.2.reason.0',
      'opening-hours-info@menu.keys.3.prompt.0',
      'transfer-to-sales@targets.sales.announce.0',
      'callback-by-agent@targets.service-desk.callbackBy.0',
    ]);
  });

  it('a new step\'s prompt lists are collected from its schema, defaults included (identity-lookup: why, ask, declined, notMatched, reason)', () => {
    const config = parseConfig(VALID);
    config.menu.keys['4'] = { action: 'identity-lookup', why: ['identity-why'], ask: ['identity-ask'], digits: 4, declined: ['identity-declined'], notMatched: ['identity-not-matched'], reason: ['lookup-reason-account'], lookupSeconds: 30 };
    const refs = collectPromptRefs(config).filter((r) => r.path[2] === '4').map((r) => `${r.id}@${r.path.join('.')}`);
    expect(refs).to.have.members([
      'identity-why@menu.keys.4.why.0',
      'identity-ask@menu.keys.4.ask.0',
      'identity-declined@menu.keys.4.declined.0',
      'identity-not-matched@menu.keys.4.notMatched.0',
      'lookup-reason-account@menu.keys.4.reason.0',
    ]);
  });

  it('passes when every prompt has audio in every language', async () => {
    const r = await check(VALID, { soundsDir: sounds });
    expect(r.findings).to.deep.equal([]);
  });

  it('a prompt id with no audio is an error at the line that names it', async () => {
    const r = await check(variant(['  holdThanks: [thanks-for-waiting]', '  holdThanks: [thanks-for-wating]']), { soundsDir: sounds });
    const [e] = errors(r);
    expect(errors(r)).to.have.length(1);
    expect(e).to.include({ code: 'missing-prompt-audio', line: 40, col: 16, path: 'prompts.holdThanks[0]' });
    expect(e?.message).to.contain('prompt "thanks-for-wating" has no audio:');
    expect(e?.message).to.contain(path.join(sounds, 'zh-CN', 'thanks-for-wating.wav'));
    expect(e?.message).to.contain(path.join(sounds, 'en-US', 'thanks-for-wating.wav'));
  });

  it('audio missing in one language only names that language, and every other place the id is used', async () => {
    rmSync(path.join(sounds, 'en-US', 'transfer-to-sales.wav'));
    const text = variant(['announce: [transfer-to-agent]', 'announce: [transfer-to-sales]']);
    const [e] = errors(await check(text, { soundsDir: sounds }));
    expect(e).to.include({ line: 71, col: 16, path: 'targets.sales.announce[0]' });
    expect(e?.message).to.contain('en-US/transfer-to-sales.wav not found; also named at targets.service-desk.announce[0]');
    expect(e?.message).not.to.contain('zh-CN');
  });

  it('a missing system prompt is an error without a line', async () => {
    rmSync(path.join(sounds, 'zh-CN', 'digit-star.wav'));
    const [e] = errors(await check(VALID, { soundsDir: sounds }));
    expect(e).to.include({ code: 'missing-prompt-audio', path: '' });
    expect(e).not.to.have.property('line');
    expect(e?.message).to.match(/^system prompt "digit-star" \(the flows play it without the config naming it\) has no audio/);
  });

  it('a file that is not a WAV is an error', async () => {
    writeFileSync(path.join(sounds, 'zh-CN', 'goodbye.wav'), 'not audio at all');
    const [e] = errors(await check(VALID, { soundsDir: sounds }));
    expect(e).to.include({ code: 'bad-prompt-audio', line: 54, path: 'prompts.goodbye[0]' });
    expect(e?.message).to.contain('is not a WAV file');
  });

  it('a missing language folder or sounds folder is one error, not one per prompt', async () => {
    rmSync(path.join(sounds, 'en-US'), { recursive: true });
    const r = await check(VALID, { soundsDir: sounds });
    expect(errors(r)).to.have.length(1);
    expect(errors(r)[0]).to.include({ path: 'languages.available', line: 11 });
    const none = await check(VALID, { soundsDir: path.join(sounds, 'nowhere') });
    expect(errors(none)).to.have.length(1);
    expect(errors(none)[0]?.code).to.equal('missing-sounds-dir');
  });

  it('checks only the available languages', async () => {
    rmSync(path.join(sounds, 'en-US'), { recursive: true });
    const text = variant(['available: [zh-CN, en-US]', 'available: [zh-CN]'], ['    "9": { action: language, language: en-US }\n', '']);
    expect((await check(text, { soundsDir: sounds })).findings).to.deep.equal([]);
  });
});

describe('the shipped flows/hotline.yaml', () => {
  it('has no errors and follows the standards (temp sounds folder with every prompt it names)', async () => {
    const ids = allPromptIds(parseConfig(readFileSync(SHIPPED, 'utf8')));
    const sounds = makeSoundsDir(ids);
    try {
      const r = await checkConfigFile(SHIPPED, { soundsDir: sounds });
      expect(errors(r), JSON.stringify(errors(r), null, 1)).to.deep.equal([]);
      expect(r.ok).to.equal(true);
      expect(r.findings.filter((f) => f.code === 'standard')).to.deep.equal([]);
    } finally {
      removeDir(sounds);
    }
  });

  const wavs = wavCount(SOUNDS_DIR);
  (wavs > 0 ? it : it.skip)(
    wavs > 0
      ? `has audio for every prompt in the real sounds/ folder (${wavs} WAVs)`
      : 'has audio for every prompt in the real sounds/ folder (SKIPPED: sounds/ has no WAVs yet; run npm run sounds)',
    async () => {
      const r = await checkConfigFile(SHIPPED, { soundsDir: SOUNDS_DIR });
      expect(errors(r), JSON.stringify(errors(r), null, 1)).to.deep.equal([]);
    },
  );
});

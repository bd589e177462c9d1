import { expect } from 'chai';
import { startHarness, at, promptsPlayed, type Harness } from '../helpers/harness.js';

describe('flows: key menu (virtual time, simulator)', function () {
  let h: Harness;
  beforeEach(async () => (h = await startHarness()));
  afterEach(async () => h.close());

  it('an invalid key gets an apology and the menu again', async () => {
    const s = await h.call([{ waitForPrompt: 'menu-options' }, { press: '7' }, { waitForPrompt: 'sorry-not-understood', on: 'end' }, { waitForPrompt: 'menu-options', on: 'end' }, { hangup: true }]);
    const apology = at(s, 'prompt-started', 'sorry-not-understood')[0] as number;
    const menus = at(s, 'prompt-started', 'menu-options');
    expect(s.timeline.some((e) => e.kind === 'not-understood' && e['digits'] === '7')).to.equal(true);
    expect(menus.some((t) => t > apology)).to.equal(true);
  });

  it('after the retry budget, an unusable menu goes to a person (the agent target)', async () => {
    const s = await h.call([
      { waitForPrompt: 'menu-options' }, { press: '7' },
      { waitForPrompt: 'sorry-not-understood', on: 'end' }, { press: '8' },
      { waitForPrompt: 'sorry-not-understood', on: 'end' }, { press: '*' },
      { waitForPrompt: 'transfer-to-agent', on: 'end' }, { waitForMoh: true }, { hangup: true },
    ]);
    expect(s.timeline.filter((e) => e.kind === 'not-understood')).to.have.length(3);
    // The last miss gets its apology too, before the agent route.
    expect(promptsPlayed(s).filter((p) => p === 'sorry-not-understood')).to.have.length(3);
    expect(s.timeline.some((e) => e.kind === 'dial-started' && e['target'] === 'service-desk')).to.equal(true);
  });

  it('speech without a key: waits for the caller to finish, then apologises (never talks over them)', async () => {
    const s = await h.call([{ waitForPrompt: 'menu-language-option', on: 'end' }, { wait: 1_000 }, { speak: 2_000 }, { waitForPrompt: 'sorry-not-understood', on: 'end' }, { hangup: true }]);
    const greetingEnd = at(s, 'prompt-finished', 'menu-language-option')[0] as number;
    const apology = at(s, 'prompt-started', 'sorry-not-understood')[0] as number;
    // Speech ends 3 s after the greeting; TALK_DETECT reports it 2.5 s later.
    expect(apology - greetingEnd).to.be.within(5_400, 5_700);
  });

  it('speech whose end is never reported (the phone stops sending audio) is answered once, not in a loop', async () => {
    const s = await h.call([{ waitForPrompt: 'menu-language-option', on: 'end' }, { wait: 1_000 }, { speakThenMute: 1_500 }, { waitForPrompt: 'offer-help-again', on: 'end', timeoutMs: 120_000 }, { hangup: true }]);
    const heard = s.timeline.filter((e) => e.kind === 'heard').map((e) => e['via']);
    expect(heard).to.deep.equal(['speech']);
    // One apology after the bounded wait, then the silent-line path as for any quiet caller.
    expect(promptsPlayed(s).filter((p) => p === 'sorry-not-understood')).to.have.length(1);
    expect(promptsPlayed(s)).to.include('offer-help-again');
  });

  it('the language key switches the prompts to English, and back to Mandarin', async () => {
    const s = await h.call([
      { waitForPrompt: 'menu-options' }, { press: '9' },
      { waitForPrompt: 'language-switched', on: 'end' }, { waitForPrompt: 'menu-options' }, { press: '9' },
      { waitForPrompt: 'language-switched', on: 'end' }, { waitForPrompt: 'menu-options', on: 'end' }, { hangup: true },
    ]);
    const langs = s.timeline.filter((e) => e.kind === 'language').map((e) => e['language']);
    expect(langs).to.deep.equal(['en-US', 'zh-CN']);
    const played = s.simCall.log.filter((e) => e.kind === 'playback-started').map((e) => String((e as { lang?: string }).lang));
    expect(played).to.include('en_US');
    expect(played[0]).to.equal('zh_CN');
  });

  it('a key pressed during the greeting interrupts it and is acted on at once', async () => {
    const s = await h.call([{ waitForPrompt: 'greeting-line' }, { press: '3' }, { waitForPrompt: 'opening-hours-info', on: 'end' }, { hangup: true }]);
    expect(promptsPlayed(s)).to.not.include('offer-help');
    expect(s.timeline.find((e) => e.kind === 'prompt-finished' && e['prompt'] === 'greeting-line')?.['status']).to.equal('stopped');
  });
});

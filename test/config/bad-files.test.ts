/**
 * Bad flow files: each kind of mistake an ops person can make gets a
 * finding with the right line (and column), path, message and what is
 * allowed. Lines refer to test/config/fixtures/valid.yaml after the edit.
 */
import { expect } from 'chai';
import { check, errors, onlyError, variant, VALID } from './helpers.js';
import { formatReport } from '../../src/config/report.js';

describe('config check: bad files', () => {
  it('accepts the valid fixture with no findings', async () => {
    const r = await check(VALID);
    expect(r.findings).to.deep.equal([]);
    expect(r.ok).to.equal(true);
    expect(r.config?.targets.sales?.dial).to.equal('PJSIP/2001');
  });

  it('YAML syntax error: an unclosed flow map', async () => {
    const r = await check(variant(['"1": { action: transfer, target: sales }', '"1": { action: transfer, target: sales']));
    const e = onlyError(r);
    expect(e).to.include({ code: 'yaml-syntax', line: 61, col: 5 });
    expect(e.message).to.match(/^YAML: Flow map .* end with a \}/);
    expect(r.ok).to.equal(false);
    expect(r.config).to.equal(undefined);
  });

  it('YAML syntax error: tabs, with the cascade after it summarised', async () => {
    const r = await check(variant(['  silenceSeconds: 5', '\tsilenceSeconds: 5']));
    const [first, ...rest] = errors(r);
    expect(first).to.include({ code: 'yaml-syntax', line: 16, col: 1, message: 'YAML: Tabs are not allowed as indentation', allowed: 'indent with spaces, never tabs' });
    expect(rest).to.have.length(3);
    expect(rest[2]?.message).to.match(/more syntax errors from here on/);
  });

  it('an unquoted * menu key (YAML alias syntax) says to quote it', async () => {
    const r = await check(variant(['"3": { action: info', '*: { action: info']));
    expect(errors(r)[0]).to.include({ code: 'yaml-syntax', line: 62, col: 5 });
    expect(r.findings.some((f) => f.allowed?.includes('"*"'))).to.equal(true);
  });

  it('an alias with no anchor points at the alias', async () => {
    const e = onlyError(await check(variant(['  holdThanks: [thanks-for-waiting]', '  holdThanks: *nothing'])));
    expect(e).to.include({ code: 'yaml-syntax', line: 40, col: 15 });
    expect(e.message).to.equal('YAML: *nothing refers to no &nothing anchor above it');
  });

  it('an unquoted # menu key is a comment: warned, not silently lost', async () => {
    const r = await check(variant(['"3": { action: info', '#: { action: info']));
    const w = r.findings.find((f) => f.code === 'hash-key-comment');
    expect(w).to.include({ severity: 'warning', line: 62, col: 5 });
    expect(w?.allowed).to.contain('"#":');
  });

  it('unknown key, with a did-you-mean and the keys allowed', async () => {
    const e = onlyError(await check(variant(['  silenceSeconds: 5 ', '  silenceSecond: 5 '])));
    expect(e).to.include({ code: 'unknown-key', line: 16, col: 3, path: 'timings.silenceSecond' });
    expect(e.message).to.equal('unknown key "silenceSecond" (did you mean "silenceSeconds"?)');
    expect(e.allowed).to.match(/^keys of timings: silenceSeconds, checkInSeconds, /);
  });

  it('unknown key at the top level', async () => {
    const e = onlyError(await check(variant(['organisation: Example Parcel Hotline', 'organisation: Example Parcel Hotline\ngreeting: hello'])));
    expect(e).to.include({ code: 'unknown-key', line: 8, col: 1, path: 'greeting' });
    expect(e.allowed).to.contain('keys of the file: version, organisation, languages');
  });

  it('wrong type: text where a number belongs', async () => {
    const e = onlyError(await check(variant(['checkInSeconds: 30', 'checkInSeconds: "thirty"'])));
    expect(e).to.include({ code: 'wrong-type', line: 17, col: 19, path: 'timings.checkInSeconds' });
    expect(e.message).to.equal('is text ("thirty"), expected number');
    expect(e.allowed).to.equal('a number from 5 to 120 s');
  });

  it('wrong type: a fraction where a whole number belongs', async () => {
    const e = onlyError(await check(variant(['  menu: 3', '  menu: 2.5'])));
    expect(e).to.include({ code: 'wrong-type', line: 28, col: 9, path: 'retries.menu', message: '2.5 is not a whole number', allowed: 'a whole number from 1 to 5' });
  });

  it('out-of-range number, above and below', async () => {
    const hi = onlyError(await check(variant(['closeGraceSeconds: 2', 'closeGraceSeconds: 60'])));
    expect(hi).to.include({ code: 'out-of-range', line: 20, col: 22, path: 'timings.closeGraceSeconds', message: '60 is above the maximum 15', allowed: 'a number from 0.5 to 15 s' });
    const lo = onlyError(await check(variant(['    ringTimeoutSeconds: 20\n    announce: [transfer-to-sales]', '    ringTimeoutSeconds: 2\n    announce: [transfer-to-sales]'])));
    expect(lo).to.include({ line: 70, col: 25, path: 'targets.sales.ringTimeoutSeconds', message: '2 is below the minimum 5' });
  });

  it('an empty prompt list and a key with no value', async () => {
    const empty = onlyError(await check(variant(['  repeatOffer: [offer-help-again]', '  repeatOffer: []'])));
    expect(empty).to.include({ code: 'out-of-range', line: 34, col: 16, message: 'is an empty list', allowed: 'list at least one prompt id' });
    const none = onlyError(await check(variant(['  repeatOffer: [offer-help-again]', '  repeatOffer:'])));
    expect(none).to.include({ code: 'wrong-type', line: 34, col: 3, message: 'has no value' });
  });

  it('missing required field, pointing at the mapping to add it to', async () => {
    const e = onlyError(await check(variant(['  greeting: [greeting-courtesy, greeting-organisation, greeting-line, offer-help]\n', ''])));
    expect(e).to.include({ code: 'missing-key', line: 31, col: 1, path: 'prompts.greeting', message: 'missing required key "greeting"' });
    expect(e.allowed).to.equal('greeting: a list of prompt ids, e.g. [offer-help]');
    const top = onlyError(await check(variant(['agentTarget: service-desk\n', ''])));
    expect(top).to.include({ path: 'agentTarget', line: 6, allowed: 'agentTarget: the name of a target defined under targets' });
  });

  it('duplicate menu key "1" bound twice', async () => {
    const e = onlyError(await check(variant(['    "2": {', '    "1": { action: close }\n    "2": {'])));
    expect(e).to.include({ code: 'duplicate-key', line: 61, col: 5, path: 'menu.keys.1', message: 'menu key "1" is bound twice, first at line 60' });
  });

  it('duplicate menu key written once as 1: and once as "1":', async () => {
    const e = onlyError(await check(variant(['    "2": {', '    1: { action: close }\n    "2": {'])));
    expect(e).to.include({ code: 'duplicate-key', line: 61, col: 5 });
    expect(e.message).to.equal('menu key "1" is bound twice, first at line 60 ("1" and 1 are the same key once loaded)');
  });

  it('duplicate top-level key', async () => {
    const e = onlyError(await check(variant(['organisation: Example Parcel Hotline', 'organisation: Example Parcel Hotline\norganisation: Other'])));
    expect(e).to.include({ code: 'duplicate-key', line: 8, col: 1, message: 'key "organisation" is bound twice, first at line 7' });
  });

  it('a menu key that is not a phone key', async () => {
    const e = onlyError(await check(variant(['"3": { action: info', '"x": { action: info'])));
    expect(e).to.include({ code: 'invalid-key', line: 62, col: 5, path: 'menu.keys.x', allowed: 'a menu key is one of 0-9, * or #' });
  });

  it('an unknown menu action, and a missing one', async () => {
    const bad = onlyError(await check(variant(['"0": { action: agent }', '"0": { action: operator }'])));
    expect(bad).to.include({ code: 'invalid-value', line: 64, col: 20, path: 'menu.keys.0.action', message: 'unknown action "operator"' });
    expect(bad.allowed).to.equal('action: transfer, agent, hold-lookup, identity-lookup, info, language, close');
    const none = onlyError(await check(variant(['"0": { action: agent }', '"0": { target: sales }'])));
    expect(none).to.include({ line: 64, col: 10, message: 'missing "action"' });
  });

  it('unknown language in the schema (not a language we speak)', async () => {
    const e = onlyError(await check(variant(['language: en-US }', 'language: fr-FR }'])));
    expect(e).to.include({ code: 'invalid-value', line: 63, col: 40, path: 'menu.keys.9.language', message: '"fr-FR" is not allowed', allowed: 'zh-CN, en-US' });
  });

  it('unknown language: a language key for a language not available', async () => {
    const e = onlyError(await check(variant(['available: [zh-CN, en-US]', 'available: [zh-CN]'])));
    expect(e).to.include({ code: 'unknown-language', line: 63, col: 40, message: 'language en-US is not in languages.available', allowed: 'one of zh-CN' });
  });

  it('unknown language: the default is not available', async () => {
    const r = await check(variant(['available: [zh-CN, en-US]', 'available: [en-US]']));
    const e = errors(r).find((f) => f.path === 'languages.default');
    expect(e).to.include({ code: 'unknown-language', line: 10, col: 12 });
  });

  it('bad dial string: wrong form (schema)', async () => {
    const e = onlyError(await check(variant(['dial: PJSIP/2001', 'dial: SIP-2001'])));
    expect(e).to.include({ code: 'invalid-format', line: 69, col: 11, path: 'targets.sales.dial', message: '"SIP-2001" is not in the right form' });
    expect(e.allowed).to.match(/^a dial string is TECH\/resource/);
  });

  it('bad dial string: empty part around @, Local without a context, /n on PJSIP', async () => {
    const at = onlyError(await check(variant(['dial: PJSIP/2001', 'dial: PJSIP/2001@'])));
    expect(at).to.include({ code: 'bad-dial-string', line: 69, col: 11, message: '"PJSIP/2001@": an empty part around "@" in "2001@"' });
    const local = onlyError(await check(variant(['dial: PJSIP/2002', 'dial: Local/2002'])));
    expect(local).to.include({ line: 74, message: '"Local/2002": a Local channel needs EXTEN@CONTEXT, e.g. Local/sales@agents' });
    const n = onlyError(await check(variant(['dial: PJSIP/2002', 'dial: PJSIP/2002/n'])));
    expect(n.message).to.contain('only for Local channels');
    const dash = onlyError(await check(variant(['dial: PJSIP/2002', 'dial: PJSIP/--'])));
    expect(dash.message).to.contain('names no endpoint');
  });

  it('bad time range: start not before end', async () => {
    const e = onlyError(await check(variant(['mon: ["08:00-20:00"]', 'mon: ["20:00-08:00"]'])));
    expect(e).to.include({ code: 'bad-time-range', line: 84, col: 11, path: 'hours.weekly.mon[0]', message: '"20:00-08:00" does not start before it ends' });
    expect(e.allowed).to.contain('20:00-24:00 on mon and 00:00-08:00 on the next day');
  });

  it('bad time range: not a time of day', async () => {
    const e = onlyError(await check(variant(['tue: ["08:00-20:00"]', 'tue: ["08:00-24:30"]'])));
    expect(e).to.include({ code: 'bad-time-range', line: 85, col: 11, message: '"08:00-24:30" is not a time of day' });
  });

  it('overlapping ranges in one day, pointing at the second', async () => {
    const e = onlyError(await check(variant(['mon: ["08:00-20:00"]', 'mon: ["08:00-12:00", "11:30-20:00"]'])));
    expect(e).to.include({ code: 'overlapping-ranges', line: 84, col: 26, path: 'hours.weekly.mon[1]', message: '"11:30-20:00" overlaps "08:00-12:00" (mon[0])' });
    const touching = await check(variant(['mon: ["08:00-20:00"]', 'mon: ["08:00-12:00", "12:00-20:00"]']));
    expect(errors(touching)).to.deep.equal([]);
  });

  it('bad time zone', async () => {
    const e = onlyError(await check(variant(['timezone: Asia/Shanghai', 'timezone: Asia/Shanghi'])));
    expect(e).to.include({ code: 'bad-timezone', line: 82, col: 13, path: 'hours.timezone', message: 'unknown time zone "Asia/Shanghi"' });
    expect(e.allowed).to.match(/^an IANA time zone name/);
  });

  it('a holiday that is not a real date', async () => {
    const e = onlyError(await check(variant(['"2027-02-06"]', '"2027-02-30"]'])));
    expect(e).to.include({ code: 'bad-holiday', line: 91, col: 28, path: 'hours.holidays[1]', message: '"2027-02-30" is not a real date' });
  });

  it('bad regex in callback', async () => {
    const e = onlyError(await check(variant(["mobilePattern: '^1[3-9]\\d{9}$'", "mobilePattern: '^1[3-9\\d{9}$'"])));
    expect(e).to.include({ code: 'bad-regex', line: 97, col: 18, path: 'callback.mobilePattern' });
    expect(e.message).to.match(/^the regular expression does not compile: .*Unterminated character class/);
  });

  it('unknown transfer target (a dead end)', async () => {
    const e = onlyError(await check(variant(['target: sales }', 'target: salez }'])));
    expect(e).to.include({ code: 'unknown-target', line: 60, col: 38, path: 'menu.keys.1.target', message: 'key 1 transfers to "salez", which is not in targets', allowed: 'one of sales, service-desk' });
  });

  it('agentTarget not in targets', async () => {
    const e = onlyError(await check(variant(['agentTarget: service-desk', 'agentTarget: desk'])));
    expect(e).to.include({ code: 'unknown-target', line: 79, col: 14, path: 'agentTarget', message: 'no target "desk" in targets' });
  });

  it('minDigits greater than maxDigits', async () => {
    const e = onlyError(await check(variant(['minDigits: 7', 'minDigits: 14'])));
    expect(e).to.include({ code: 'min-over-max', line: 95, col: 14, path: 'callback.minDigits', message: 'minDigits 14 is more than maxDigits 13', allowed: 'minDigits <= maxDigits' });
  });

  it('maxHoldSeconds below callbackOfferAfterSeconds is an error', async () => {
    const e = onlyError(await check(variant(['maxHoldSeconds: 180', 'maxHoldSeconds: 100'])));
    expect(e).to.include({ code: 'hold-before-offer', line: 19, col: 19, path: 'timings.maxHoldSeconds' });
  });

  it('a secret in the file: top level, nested, never echoed', async () => {
    const r = await check(variant(['organisation: Example Parcel Hotline', 'organisation: Example Parcel Hotline\nariPassword: s3cret-value'], ['    dial: PJSIP/2001', '    dial: PJSIP/2001\n    token: abc-token-value']));
    const [top, nested] = errors(r);
    expect(errors(r)).to.have.length(2);
    expect(top).to.include({ code: 'secret-in-file', line: 8, col: 1, path: 'ariPassword' });
    expect(top?.message).to.contain('secrets belong in the environment or .env');
    expect(nested).to.include({ code: 'secret-in-file', line: 71, col: 5, path: 'targets.sales.token' });
    const report = formatReport(r);
    expect(report).not.to.contain('s3cret-value');
    expect(report).not.to.contain('abc-token-value');
  });

  it('an empty file and a file that is not a mapping', async () => {
    expect(onlyError(await check(''))).to.include({ code: 'not-a-mapping', line: 1, col: 1, message: 'the file is empty' });
    expect(onlyError(await check('- a\n- b\n'))).to.include({ code: 'not-a-mapping', message: 'the file holds a list' });
  });

  it('a prompt id with capitals or underscores', async () => {
    const e = onlyError(await check(variant(['  repeatOffer: [offer-help-again]', '  repeatOffer: [Offer_Help]'])));
    expect(e).to.include({ code: 'invalid-format', line: 34, col: 17, path: 'prompts.repeatOffer[0]' });
  });

  it('after leave-out-able schema errors, the later checks still report', async () => {
    const r = await check(variant(['  silenceSeconds: 5 ', '  silenceSecond: 5 '], ['closeGraceSeconds: 2', 'closeGraceSeconds: 60'], ['agentTarget: service-desk', 'agentTarget: desk']));
    expect(errors(r).map((f) => `${f.line} ${f.code}`)).to.deep.equal(['16 unknown-key', '20 out-of-range', '79 unknown-target']);
    expect(r.ok).to.equal(false);
  });

  it('a wrong required value stops the later checks (no guessed follow-up findings)', async () => {
    const r = await check(variant(['dial: PJSIP/2001', 'dial: SIP-2001'], ['agentTarget: service-desk', 'agentTarget: desk']));
    expect(errors(r).map((f) => f.code)).to.deep.equal(['invalid-format']);
  });

  it('reports many problems in one pass, errors before warnings, in file order', async () => {
    const r = await check(
      variant(
        ['  silenceSeconds: 5 ', '  silenceSecond: 5 '],
        ['version: 1', 'version: 2'],
        ['dial: PJSIP/2001', 'dial: PJSP/2001'],
      ),
    );
    expect(errors(r).map((f) => f.line)).to.deep.equal([6, 16, 69]);
  });
});

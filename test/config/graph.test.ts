/**
 * The menu graph: every key ends in a person or the close; an empty or
 * dead-end menu is an error; a target or language nobody reaches is a warning.
 */
import { expect } from 'chai';
import { check, errors, onlyError, variant, warnings } from './helpers.js';
import { keyOutcomes } from '../../src/config/graph.js';
import { HotlineConfigSchema } from '../../src/config/schema.js';
import { parse } from 'yaml';
import { VALID } from './helpers.js';

const KEYS = [
  '    "1": { action: transfer, target: sales }\n',
  '    "2": { action: hold-lookup, reason: [lookup-reason-order], lookupSeconds: 45 }\n',
  '    "3": { action: info, prompt: [opening-hours-info] }\n',
  '    "9": { action: language, language: en-US }\n',
  '    "0": { action: agent }\n',
] as const;

describe('config check: menu graph', () => {
  it('classifies every key of the menu by where it can send the call (info closes; only language returns)', () => {
    const config = HotlineConfigSchema.parse(parse(VALID));
    const outcomes = Object.fromEntries(Object.entries(config.menu.keys).map(([k, a]) => [k, keyOutcomes(a, config)]));
    expect(outcomes).to.deep.equal({
      '0': ['close', 'back-to-menu', 'ended'],
      '1': ['close', 'back-to-menu', 'ended'],
      '2': ['close', 'ended'],
      '3': ['close'],
      '9': ['back-to-menu'],
    });
  });

  it('a menu with no keys is an error', async () => {
    const text = variant([KEYS.join(''), ''], ['  keys:\n', '  keys: {}\n']);
    const e = onlyError(await check(text));
    expect(e).to.include({ code: 'empty-menu', line: 59, col: 9, path: 'menu.keys' });
  });

  it('a menu whose keys all return to the menu is a dead end', async () => {
    const text = variant([KEYS[0], ''], [KEYS[1], ''], [KEYS[2], ''], [KEYS[4], '']);
    const e = onlyError(await check(text));
    expect(e).to.include({ code: 'dead-end-menu', line: 59, col: 3, path: 'menu.keys' });
    expect(e.allowed).to.equal('at least one transfer, agent, hold-lookup, identity-lookup, info or close key');
  });

  it('a transfer to a missing target does not count as a way out', async () => {
    const text = variant([KEYS[1], ''], [KEYS[2], ''], [KEYS[4], ''], ['target: sales }', 'target: nobody }']);
    const codes = errors(await check(text)).map((f) => f.code);
    expect(codes).to.have.members(['unknown-target', 'dead-end-menu']);
  });

  it('a target nobody reaches is a warning at its name', async () => {
    const r = await check(variant([KEYS[0], '']));
    expect(errors(r)).to.deep.equal([]);
    const [w] = warnings(r);
    expect(warnings(r)).to.have.length(1);
    expect(w).to.include({ code: 'unreachable-target', line: 67, col: 3, path: 'targets.sales' });
  });

  it('the agentTarget counts as reached through onExhausted: agent even without an agent key', async () => {
    const r = await check(variant([KEYS[4], '']));
    expect(r.findings).to.deep.equal([]);
  });

  it('with no agent key, no look-up (its maximum hold offers the desk) and onExhausted: close, the agent target is unreachable', async () => {
    const r = await check(variant([KEYS[4], ''], [KEYS[1], ''], ['onExhausted: agent', 'onExhausted: close']));
    expect(warnings(r).map((w) => w.path)).to.deep.equal(['targets.service-desk']);
  });

  it('an available language with no key to switch to it is a warning', async () => {
    const r = await check(variant([KEYS[3], '']));
    const [w] = warnings(r);
    expect(warnings(r)).to.have.length(1);
    expect(w).to.include({ code: 'unreachable-language', line: 11, col: 22, path: 'languages.available[1]' });
  });

  it('a language key for the default language does nothing: warning', async () => {
    const r = await check(variant(['language: en-US }', 'language: zh-CN }']));
    expect(warnings(r).map((w) => w.code)).to.have.members(['language-key-no-effect', 'unreachable-language']);
    expect(warnings(r).find((w) => w.code === 'language-key-no-effect')).to.include({ line: 63, col: 40 });
  });
});

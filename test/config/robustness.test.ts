/**
 * Bad input never crashes the check: every mangled variant of the valid
 * file (a line removed, doubled or shifted; the text cut short; a stray
 * character) gives a result, and a rejected file always says why.
 */
import { expect } from 'chai';
import { check, errors, VALID } from './helpers.js';
import { formatReport } from '../../src/config/report.js';

function mangled(): string[] {
  const lines = VALID.split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    out.push([...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'));
    out.push([...lines.slice(0, i), line, line, ...lines.slice(i + 1)].join('\n'));
    out.push([...lines.slice(0, i), ` ${line}`, ...lines.slice(i + 1)].join('\n'));
  });
  for (let at = 0; at < VALID.length; at += 17) {
    out.push(VALID.slice(0, at));
    out.push(`${VALID.slice(0, at)}}${VALID.slice(at + 1)}`);
    out.push(`${VALID.slice(0, at)}: ${VALID.slice(at)}`);
  }
  out.push('version: .nan\n', '? [a, b]\n: c\n', 'x: !!set {a, b}\n', VALID.replace('retries:', 'retries: &a\n  x: *a\nfoo:'), `\uFEFF${VALID}`, VALID.replace(/\n/g, '\r\n'));
  return out;
}

describe('config check: robustness', () => {
  it('never throws, and every rejected variant has at least one error', async function () {
    this.timeout(60_000);
    const variants = mangled();
    expect(variants.length).to.be.greaterThan(500);
    for (const text of variants) {
      const r = await check(text);
      expect(() => formatReport(r)).not.to.throw();
      if (!r.ok) expect(errors(r).length, text).to.be.greaterThan(0);
      for (const f of r.findings) {
        if (f.line !== undefined) expect(f.line).to.be.within(1, text.split('\n').length + 1);
      }
    }
  });

  it('CRLF line ends and a byte-order mark are fine', async () => {
    expect((await check(VALID.replace(/\n/g, '\r\n'))).ok).to.equal(true);
    expect((await check(`\uFEFF${VALID}`)).ok).to.equal(true);
  });

  it('NaN and infinity are reported as unusable numbers', async () => {
    const r = await check(VALID.replace('checkInSeconds: 30', 'checkInSeconds: .inf'));
    expect(errors(r)[0]).to.include({ line: 17, message: 'Infinity is not a usable number' });
  });
});

/**
 * Values that leave the call standards are warnings (the file still loads),
 * each quoting the rule; a value inside the standards gives none.
 */
import { expect } from 'chai';
import { check, errors, variant, warnings } from './helpers.js';
import { formatFinding } from '../../src/config/report.js';

async function onlyWarning(...edits: [string, string][]) {
  const r = await check(variant(...edits));
  expect(errors(r), JSON.stringify(errors(r))).to.deep.equal([]);
  expect(r.ok).to.equal(true);
  const ws = warnings(r);
  expect(ws, JSON.stringify(ws, null, 1)).to.have.length(1);
  return ws[0]!;
}

describe('config check: call standards warnings', () => {
  it('silenceSeconds other than 5', async () => {
    const w = await onlyWarning(['silenceSeconds: 5 ', 'silenceSeconds: 8 ']);
    expect(w).to.include({ code: 'standard', line: 16, col: 19, path: 'timings.silenceSeconds', message: 'silenceSeconds is 8, outside the call standards' });
    expect(w.allowed).to.match(/^5 s \(§2: wait 5 s for the caller/);
    expect(formatFinding(w)).to.match(/^test\.yaml:16:19 timings\.silenceSeconds: .* \(standard: 5 s/);
  });

  it('checkInSeconds above 30', async () => {
    const w = await onlyWarning(['checkInSeconds: 30', 'checkInSeconds: 45']);
    expect(w).to.include({ line: 17, path: 'timings.checkInSeconds' });
    expect(w.allowed).to.contain('never goes more than 30 s without hearing from us');
    await check(variant(['checkInSeconds: 30', 'checkInSeconds: 20'])).then((r) => expect(r.findings).to.deep.equal([]));
  });

  it('callbackOfferAfterSeconds above 120', async () => {
    const w = await onlyWarning(['callbackOfferAfterSeconds: 120', 'callbackOfferAfterSeconds: 150']);
    expect(w).to.include({ line: 18, path: 'timings.callbackOfferAfterSeconds' });
    expect(w.allowed).to.contain('past 2 minutes, offer to call back');
  });

  it('maxHoldSeconds above 180', async () => {
    const w = await onlyWarning(['maxHoldSeconds: 180', 'maxHoldSeconds: 300']);
    expect(w).to.include({ line: 19, path: 'timings.maxHoldSeconds' });
    expect(w.allowed).to.contain('up to about 3 minutes');
  });

  it('closeGraceSeconds other than 2', async () => {
    const w = await onlyWarning(['closeGraceSeconds: 2', 'closeGraceSeconds: 1']);
    expect(w).to.include({ line: 20, path: 'timings.closeGraceSeconds' });
    expect(w.allowed).to.contain('let the caller hang up first');
  });

  it('failedCallGraceSeconds other than 5', async () => {
    const w = await onlyWarning(['failedCallGraceSeconds: 5', 'failedCallGraceSeconds: 3']);
    expect(w).to.include({ line: 21, path: 'timings.failedCallGraceSeconds' });
    expect(w.allowed).to.contain("after a failed call's close, wait 5 s");
  });

  it("a target's ringTimeoutSeconds below 15", async () => {
    const w = await onlyWarning(['    ringTimeoutSeconds: 20\n    announce: [transfer-to-agent]', '    ringTimeoutSeconds: 10\n    announce: [transfer-to-agent]']);
    expect(w).to.include({ line: 75, col: 25, path: 'targets.service-desk.ringTimeoutSeconds' });
    expect(w.allowed).to.contain('at least 15 s');
  });

  it('default language other than zh-CN', async () => {
    // Swapping the default also makes the language key point at the default,
    // so point it at the other language to keep this a single warning.
    const w = await onlyWarning(['  default: zh-CN', '  default: en-US'], ['language: en-US }', 'language: zh-CN }']);
    expect(w).to.include({ line: 10, col: 12, path: 'languages.default' });
    expect(w.allowed).to.contain('Mandarin by default');
  });

  it('retries.menu above 3', async () => {
    const w = await onlyWarning(['  menu: 3', '  menu: 4']);
    expect(w).to.include({ line: 28, col: 9, path: 'retries.menu' });
    expect(w.allowed).to.contain('a bounded number of tries');
  });

  it('values left to their defaults follow the standards', async () => {
    const r = await check(variant(['timings:\n', 'unused:\n']).replace(/^unused:\n( {2}.*\n)+/m, ''));
    expect(r.findings).to.deep.equal([]);
    expect(r.config?.timings.checkInSeconds).to.equal(30);
  });

  it('a dialer without calling hours, and a silent-line wait far from 3 s', async () => {
    const r = await check(`${variant()}\ndialer:\n  enabled: true\n  callerId: '"Hotline" <4001234567>'\n  silentReplySeconds: 8\n`);
    expect(errors(r), JSON.stringify(errors(r))).to.deep.equal([]);
    const ws = warnings(r).map((w) => [w.path, w.message]);
    expect(ws).to.deep.equal([
      ['dialer.callingHours', 'the dialer has no callingHours, outside the call standards'],
      ['dialer.silentReplySeconds', 'dialer.silentReplySeconds is 8, outside the call standards'],
    ]);
  });
});

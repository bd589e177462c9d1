/** The one gate for names (src/security/safe-names.ts): each hostile shape refused for each kind, the names the service uses let through. */
import { expect } from 'chai';
import { mediaProblem, nameProblem, safeName, UnsafeNameError, type NameKind } from '../../src/security/safe-names.js';

const KINDS: NameKind[] = ['prompt-id', 'sound-path', 'recording-name', 'callback-id'];
/** Refused for every kind. */
const HOSTILE = [
  '../etc/passwd', 'a/../../b', '..', '.', 'x/./y', '/etc/passwd', 'a\\..\\b', 'a\0b', 'a\nb', 'http://evil/x', 'file:///etc/passwd', 'sound:x',
  '%2e%2e%2fetc', '..%2F..%2Fetc', '%252e%252e', 'a%00b', '', 'x'.repeat(201), 'FILE(/etc/passwd)',
];

describe('security: safe names (one gate before ARI and the disk)', () => {
  for (const kind of KINDS) {
    it(`refuses traversal, NUL, schemes, percent-encoding and absolute paths as a ${kind}`, () => {
      for (const v of HOSTILE) expect(nameProblem(kind, v), `${kind} ${JSON.stringify(v)}`).to.be.a('string');
      expect(nameProblem(kind, 42)).to.equal('not a string');
    });
  }

  it('refuses a path separator where none is allowed (prompt ids, callback ids), allows one in sound paths and recording names', () => {
    expect(nameProblem('prompt-id', 'hotline/offer-help')).to.equal('contains a path separator');
    expect(nameProblem('callback-id', 'cb-1/cancel')).to.equal('contains a path separator');
    expect(nameProblem('sound-path', 'hotline/offer-help')).to.equal(undefined);
    expect(nameProblem('recording-name', 'voicemail/callback-name-1700000000.12')).to.equal(undefined);
    expect(nameProblem('recording-name', 'a//b')).to.be.a('string');
  });

  it('lets through the names the service really uses', () => {
    expect(nameProblem('prompt-id', 'offer-help')).to.equal(undefined);
    expect(nameProblem('prompt-id', 'digit-0')).to.equal(undefined);
    expect(nameProblem('prompt-id', 'Offer-Help')).to.be.a('string');
    expect(nameProblem('callback-id', 'cb-12')).to.equal(undefined);
    expect(nameProblem('callback-id', '2f0c3a5e-8d4b-4b1e-9a7c-1d2e3f4a5b6c')).to.equal(undefined);
    expect(nameProblem('recording-name', 'callback-name-1700000000.123')).to.equal(undefined);
  });

  it('media: only sound:<path> and recording:<name>, each through the gate', () => {
    expect(mediaProblem('sound:hotline/offer-help')).to.equal(undefined);
    expect(mediaProblem('recording:callback-name-1.2')).to.equal(undefined);
    for (const m of ['sound:hotline/../../../etc/passwd', 'sound:/etc/passwd', 'recording:../x', 'recording:a%2f..', 'http://evil/x.wav', 'file:///etc/passwd', 'tone:ring', 'digits:123', 'sound:', 'sound:hotline/x\0']) {
      expect(mediaProblem(m), m).to.be.a('string');
    }
  });

  it('safeName throws an UnsafeNameError that shows at most 40 characters of the value', () => {
    expect(safeName('prompt-id', 'offer-help')).to.equal('offer-help');
    const err = (() => {
      try {
        safeName('prompt-id', '../' + 'x'.repeat(100));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).to.be.instanceOf(UnsafeNameError);
    expect((err as Error).message.length).to.be.below(120);
  });
});

import { expect } from 'chai';
import { toCsv, csvField } from '../../src/ops/csv.js';
import { maskNumber, maskFields } from '../../src/log/mask.js';
import { recordingNameProblem } from '../../src/ops/recording-name.js';
import { tokenMatches } from '../../src/ops/auth.js';
import { opsOptionsFromEnv } from '../../src/ops/options.js';
import { EnvError } from '../../src/env.js';

describe('ops: small parts', () => {
  describe('CSV', () => {
    it('quotes commas, quotes and line breaks, doubles quotes, ends rows with CRLF', () => {
      expect(toCsv(['a', 'b'], [['plain', 'x,y'], ['say "hi"', 'two\nlines'], [undefined, null]])).to.equal(
        'a,b\r\nplain,"x,y"\r\n"say ""hi""","two\nlines"\r\n,\r\n',
      );
    });
    it('defuses spreadsheet formulas', () => {
      expect(csvField('=HYPERLINK("x")')).to.equal(`"'=HYPERLINK(""x"")"`);
      expect(csvField('+1')).to.equal("'+1");
      expect(csvField('-2')).to.equal("'-2");
      expect(csvField('@SUM(A1)')).to.equal("'@SUM(A1)");
      expect(csvField(42)).to.equal('42');
    });
  });

  describe('masking', () => {
    it('keeps only the last 4 digits', () => {
      expect(maskNumber('13912345678')).to.equal('*******5678');
      expect(maskNumber('123')).to.equal('***');
      expect(maskNumber('')).to.equal('');
      expect(maskNumber(undefined)).to.equal('');
    });
    it('masks the number fields of a timeline entry and leaves the rest', () => {
      expect(maskFields({ t: 1, kind: 'callback-stored', number: '13812345678', extension: '80123', target: 'sales' })).to.deep.equal({
        t: 1,
        kind: 'callback-stored',
        number: '*******5678',
        extension: '*0123',
        target: 'sales',
      });
    });
  });

  describe('recording names', () => {
    it('accepts what Asterisk stores', () => {
      for (const ok of ['callback-name-1700000000000', 'hotline/cb-12_name', 'name.v2']) expect(recordingNameProblem(ok), ok).to.equal(undefined);
    });
    it("refuses '../', absolute paths, NUL, URL schemes and odd characters", () => {
      const bad = ['../etc/passwd', 'a/../../b', '..', '/etc/passwd', 'a\0b', 'http://example.invalid/x', 'file:x', 'C:\\x', 'a\\b', 'a b', '', 'x'.repeat(201), '.hidden', 'a//b'];
      for (const b of bad) expect(recordingNameProblem(b), JSON.stringify(b)).to.be.a('string');
    });
  });

  describe('token check', () => {
    it('matches only the exact token, whatever the length of the guess', () => {
      const t = 'a-long-ops-token-0123456789';
      expect(tokenMatches(t, t)).to.equal(true);
      expect(tokenMatches(t.slice(0, -1), t)).to.equal(false);
      expect(tokenMatches(t + 'x', t)).to.equal(false);
      expect(tokenMatches('', t)).to.equal(false);
      expect(tokenMatches(undefined, t)).to.equal(false);
    });
  });

  describe('opsOptionsFromEnv', () => {
    it('defaults to 127.0.0.1:8089 and allows no token on loopback', () => {
      expect(opsOptionsFromEnv({})).to.deep.equal({ host: '127.0.0.1', port: 8089, token: undefined });
      expect(opsOptionsFromEnv({ OPS_HOST: '::1', OPS_PORT: '9000' })).to.deep.equal({ host: '::1', port: 9000, token: undefined });
    });
    it('refuses to bind beyond loopback without a token, with a message that says what to set', () => {
      expect(() => opsOptionsFromEnv({ OPS_HOST: '0.0.0.0' })).to.throw(EnvError, /OPS_TOKEN must be set/);
      expect(opsOptionsFromEnv({ OPS_HOST: '0.0.0.0', OPS_TOKEN: 'x'.repeat(24) }).token).to.equal('x'.repeat(24));
    });
    it('refuses a short token and a bad port', () => {
      expect(() => opsOptionsFromEnv({ OPS_TOKEN: 'short' })).to.throw(EnvError, /at least 16/);
      expect(() => opsOptionsFromEnv({ OPS_PORT: '80a' })).to.throw(EnvError, /OPS_PORT/);
      expect(() => opsOptionsFromEnv({ OPS_PORT: '70000' })).to.throw(EnvError, /OPS_PORT/);
    });
  });
});

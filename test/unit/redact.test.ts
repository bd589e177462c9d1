import { expect } from 'chai';
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger } from '../../src/log/logger.js';
import { redactSecrets, redactText } from '../../src/log/redact.js';

describe('secrets never reach the logs', () => {
  it('masks known secret values, URL passwords and secret-named fields', () => {
    expect(redactText('connect http://asterisk:s3cretPW@127.0.0.1/ari', [])).to.equal('connect http://asterisk:***@127.0.0.1/ari');
    expect(redactText('password is s3cretPW', ['s3cretPW'])).to.equal('password is ***');
    const entry = redactSecrets({ message: 'x', ariPassword: 'abc', nested: { token: 't', note: 'uses s3cretPW' } }, ['s3cretPW']);
    expect(entry).to.deep.equal({ message: 'x', ariPassword: '***', nested: { token: '***', note: 'uses ***' } });
  });

  it('the service logger scrubs the ARI password from what it writes', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger({ json: true, secrets: ['hunter2-long'] });
    log.clear();
    log.add(new winston.transports.Stream({ stream: sink }));
    log.error('ARI refused hunter2-long', { url: 'http://u:hunter2-long@h/ari' });
    await new Promise((r) => setImmediate(r));
    expect(lines.join('')).to.not.include('hunter2-long');
    expect(lines.join('')).to.include('***');
  });
});

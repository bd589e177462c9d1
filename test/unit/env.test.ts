import { expect } from 'chai';
import { EnvError, readEnv } from '../../src/env.js';

describe('service settings from the environment', () => {
  it('defaults to the simulator, app "hotline" and the shipped flow config', () => {
    const e = readEnv({});
    expect(e.ariUrl).to.equal(undefined);
    expect(e.ariApp).to.equal('hotline');
    expect(e.flowConfig).to.equal('flows/hotline.yaml');
    expect(e.ariTransport).to.equal('auto');
  });
  it('reads ARI_TRANSPORT (auto, http, websocket) and names the choices for anything else', () => {
    expect(readEnv({ ARI_TRANSPORT: 'http' }).ariTransport).to.equal('http');
    expect(readEnv({ ARI_TRANSPORT: ' WebSocket ' }).ariTransport).to.equal('websocket');
    expect(readEnv({ ARI_TRANSPORT: '' }).ariTransport).to.equal('auto');
    expect(() => readEnv({ ARI_TRANSPORT: 'ws' })).to.throw(EnvError, /ARI_TRANSPORT must be one of auto, http, websocket \(got ws\)/);
  });
  it('requires credentials when ARI_URL is set', () => {
    expect(() => readEnv({ ARI_URL: 'http://127.0.0.1:8088/ari' })).to.throw(EnvError, /ARI_USERNAME and ARI_PASSWORD/);
  });
  it('refuses credentials inside the URL, so they cannot leak into logs', () => {
    expect(() => readEnv({ ARI_URL: 'http://u:p@127.0.0.1:8088/ari', ARI_USERNAME: 'u', ARI_PASSWORD: 'p' })).to.throw(EnvError, /must not carry credentials/);
  });
  it('rejects a URL that is not http(s) and a bad log level', () => {
    expect(() => readEnv({ ARI_URL: 'ftp://x/ari', ARI_USERNAME: 'u', ARI_PASSWORD: 'p' })).to.throw(EnvError, /http/);
    expect(() => readEnv({ LOG_LEVEL: 'loud' })).to.throw(EnvError, /LOG_LEVEL/);
  });
});

import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RealClock } from '../../src/clock/clock.js';
import { RestClient } from '../../src/ari/rest.js';
import { AriHttpError, AriTransportError, ChannelGoneError } from '../../src/ari/errors.js';

describe('ARI REST client transport (real HTTP server)', function () {
  let server: http.Server;
  let base: string;
  let connections = 0;
  let authSeen: string | undefined;

  before(async () => {
    server = http.createServer((req, res) => {
      authSeen = req.headers.authorization;
      if (req.url?.startsWith('/ari/slow')) return; // never answers
      if (req.url?.startsWith('/ari/channels/gone')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Channel not found"}');
        return;
      }
      if (req.url?.startsWith('/ari/bridges/x')) {
        res.writeHead(409, { 'content-type': 'application/json' }).end('{"message":"Bridge already exists"}');
        return;
      }
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 2);
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ari`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('reuses a bounded pool of keep-alive sockets', async () => {
    connections = 0;
    const rest = new RestClient({ baseUrl: base, username: 'u', password: 'p', clock: new RealClock(), maxSockets: 4 });
    await Promise.all(Array.from({ length: 60 }, (_, i) => rest.request('GET', `/asterisk/ping?i=${i}`)));
    expect(connections).to.be.within(1, 4);
    await rest.request('GET', '/asterisk/ping');
    expect(connections).to.be.at.most(4);
    expect(authSeen).to.equal('Basic ' + Buffer.from('u:p').toString('base64'));
    rest.close();
  });

  it('turns 404 on a channel into ChannelGoneError and keeps status and message otherwise', async () => {
    const rest = new RestClient({ baseUrl: base, username: 'u', password: 'p', clock: new RealClock() });
    const gone = await rest.request('POST', '/channels/gone/answer').catch((e: unknown) => e);
    expect(gone).to.be.instanceOf(ChannelGoneError);
    const conflict = await rest.request('POST', '/bridges/x').catch((e: unknown) => e);
    expect(conflict).to.be.instanceOf(AriHttpError).and.not.instanceOf(ChannelGoneError);
    expect((conflict as AriHttpError).status).to.equal(409);
    expect((conflict as AriHttpError).ariMessage).to.equal('Bridge already exists');
    rest.close();
  });

  it('gives up on a request Asterisk never answers after the timeout', async () => {
    const rest = new RestClient({ baseUrl: base, username: 'u', password: 'p', clock: new RealClock(), timeoutMs: 150 });
    const err = await rest.request('GET', '/slow').catch((e: unknown) => e);
    expect(err).to.be.instanceOf(AriTransportError);
    expect(String((err as Error).message)).to.match(/no answer within 150 ms/);
    expect(rest.pending()).to.equal(0);
    rest.close();
  });

  it('a refused connection is a transport error, not a crash', async () => {
    const rest = new RestClient({ baseUrl: 'http://127.0.0.1:1/ari', username: 'u', password: 'p', clock: new RealClock() });
    const err = await rest.request('GET', '/asterisk/info').catch((e: unknown) => e);
    expect(err).to.be.instanceOf(AriTransportError);
    rest.close();
  });
});

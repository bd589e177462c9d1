/**
 * Which transport REST takes: 'auto' probes each new event socket and uses
 * it when Asterisk answers (20.14+/22.4+), HTTP when it does not (an older
 * Asterisk drops the frame) or when the socket closes under the probe;
 * 'http' and 'websocket' force one. Requests in flight on a socket that
 * drops fail like requests on a broken HTTP connection (the time-out of an
 * unanswered frame is in test/unit/ws-transport.test.ts: a held request
 * stops virtual time here). These tests set the transport themselves, so
 * they run the same in either ARI_TRANSPORT mode.
 */
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { RealClock } from '../../src/clock/clock.js';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, silentLogger } from '../../src/log/logger.js';
import { AriClient, type AriClientOptions } from '../../src/ari/client.js';
import { AriDisconnectedError, AriTransportError } from '../../src/ari/errors.js';
import type { ChannelHandle } from '../../src/ari/channel-handle.js';
import { SOCKET_CLOSED } from '../../src/ari/ws-transport.js';
import { SimulatedAsterisk } from '../../src/sim/index.js';
import { OPEN_TIME } from '../helpers/harness.js';

describe('ARI REST transport choice (simulator, virtual time)', function () {
  let clock: VirtualClock;
  let sim: SimulatedAsterisk | undefined;
  let client: AriClient | undefined;
  const calls: ChannelHandle[] = [];

  const startSim = async (restOverWebSocket: boolean): Promise<SimulatedAsterisk> => {
    sim = new SimulatedAsterisk({ clock, username: 'u', password: 'pw', logger: silentLogger(), restOverWebSocket });
    await sim.start();
    return sim;
  };
  const newClient = (url: string, o: Partial<AriClientOptions>): AriClient => {
    client = new AriClient({ url, username: 'u', password: 'pw', app: 'hotline', clock, logger: silentLogger(), pingIntervalMs: 0, ...o });
    client.on('call', (ch: ChannelHandle) => calls.push(ch));
    return client;
  };
  /** Connects, running the clock while it waits (a probe that gets no answer waits on the clock). */
  const connect = async (c: AriClient): Promise<number> => {
    const t0 = clock.now();
    let done = false;
    const p = c.connect().then(() => (done = true));
    await clock.runUntil(() => done, { maxMs: 60_000 });
    await p;
    return clock.now() - t0;
  };
  /** A call answered and played to its end. */
  const oneCall = async (s: SimulatedAsterisk): Promise<void> => {
    const n = calls.length;
    s.placeCall({ app: 'hotline', script: [] });
    await clock.runUntil(() => calls.length > n, { maxMs: 5_000 });
    const ch = calls[n] as ChannelHandle;
    await ch.answer();
    let status: string | undefined;
    void ch.play('sound:beep').then((r) => (status = r.status));
    await clock.runUntil(() => status !== undefined, { maxMs: 5_000 });
    expect(status).to.equal('finished');
    await ch.hangup();
  };

  beforeEach(() => {
    calls.length = 0;
    clock = new VirtualClock(OPEN_TIME);
  });
  afterEach(async () => {
    client?.close();
    client = undefined;
    await sim?.stop();
    sim = undefined;
  });

  it("'auto' takes the WebSocket when Asterisk answers the probe, without waiting on the clock", async () => {
    const s = await startSim(true);
    const c = newClient(s.url, { transport: 'auto' });
    expect(await connect(c)).to.equal(0);
    expect(c.transport).to.equal('websocket');
    const before = s.restRequests().http;
    await oneCall(s);
    expect(s.restRequests().http, 'REST requests over HTTP during the call').to.equal(before);
    expect(s.restRequests().websocket).to.be.at.least(4);
  });

  it("'auto' falls back to HTTP when an older Asterisk leaves the probe unanswered", async () => {
    const s = await startSim(false);
    const c = newClient(s.url, { transport: 'auto', transportProbeMs: 1_500 });
    expect(await connect(c), 'connect waits out the probe').to.equal(1_500);
    expect(c.transport).to.equal('http');
    await oneCall(s);
    expect(s.restRequests().websocket).to.equal(0);
    expect(s.restRequests().http).to.be.at.least(4);
  });

  it("'auto' probes again after a reconnect", async () => {
    const s = await startSim(true);
    const c = newClient(s.url, { transport: 'auto', backoff: { baseMs: 1_000, random: () => 0 } });
    await connect(c);
    const probes = s.restRequests().websocket;
    c.dropConnectionForTest();
    await clock.runUntil(() => c.isConnected() && c.transport === 'websocket', { maxMs: 10_000 });
    expect(s.restRequests().websocket).to.equal(probes + 1);
  });

  it("'http' never sends a frame, even to an Asterisk that would answer it", async () => {
    const s = await startSim(true);
    const c = newClient(s.url, { transport: 'http' });
    await connect(c);
    expect(c.transport).to.equal('http');
    await oneCall(s);
    expect(s.restRequests().websocket).to.equal(0);
  });

  it("'websocket' sends every request on the socket from the first one", async () => {
    const s = await startSim(true);
    const c = newClient(s.url, { transport: 'websocket' });
    await connect(c);
    expect(c.transport).to.equal('websocket');
    await oneCall(s);
    expect(s.restRequests().http, 'not even the on-connect orphan check').to.equal(0);
  });

  it("'websocket' forced on an older Asterisk says so in one error line", async () => {
    // Real time, as in rest-client.test.ts: every request forced onto a socket
    // that never answers stays held, and a held request stops virtual time.
    const real = new SimulatedAsterisk({ clock: new RealClock(), username: 'u', password: 'pw', logger: silentLogger(), restOverWebSocket: false });
    await real.start();
    sim = real;
    const lines: string[] = [];
    const logger = createLogger({ json: true });
    logger.clear();
    logger.add(new winston.transports.Stream({ stream: new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }) }));
    client = new AriClient({ url: real.url, username: 'u', password: 'pw', app: 'hotline', clock: new RealClock(), logger, pingIntervalMs: 0, transport: 'websocket', transportProbeMs: 20, requestTimeoutMs: 50 });
    await client.connect();
    expect(client.transport).to.equal('websocket');
    const errors = (): string[] => lines.filter((l) => l.includes('"error"'));
    for (let waited = 0; errors().length === 0 && waited < 2_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(errors()).to.have.length(1);
    expect(errors()[0]).to.include('forced to websocket');
  });

  it('an event a request causes may come before its answer: ChannelVarset is routed by the time setVariable resolves', async () => {
    const s = await startSim(true);
    const c = newClient(s.url, { transport: 'websocket' });
    await connect(c);
    s.placeCall({ app: 'hotline', script: [] });
    await clock.runUntil(() => calls.length > 0, { maxMs: 5_000 });
    const ch = calls[0] as ChannelHandle;
    const seen: string[] = [];
    ch.onEvent((e) => {
      if (e.type === 'ChannelVarset') seen.push(`${e.variable}=${e.value}`);
    });
    await ch.setVariable('FOO', 'bar');
    expect(seen).to.deep.equal(['FOO=bar']);
    await ch.hangup();
  });

  it('a request in flight when the socket drops fails as on a broken HTTP connection; one made while down fails fast', async () => {
    const s = await startSim(true);
    const c = newClient(s.url, { transport: 'websocket', backoff: { baseMs: 60_000, random: () => 0.99 } });
    await connect(c);
    let err: unknown;
    // Sent, then the socket is gone before any answer can be read: the answer never comes.
    void c.rest.request('POST', '/channels/c1/answer').catch((e: unknown) => (err = e));
    c.dropConnectionForTest();
    await clock.runUntil(() => err !== undefined, { maxMs: 1_000 });
    expect(err).to.be.instanceOf(AriTransportError);
    expect((err as AriTransportError).reason).to.equal(SOCKET_CLOSED);
    expect(await c.rest.request('GET', '/channels').catch((e: unknown) => e)).to.be.instanceOf(AriDisconnectedError);
    expect(c.rest.pending()).to.equal(0);
  });

  describe('a server that closes the socket on a RESTRequest', () => {
    let server: http.Server;
    let frames = 0;
    let upgrades = 0;
    before(async () => {
      const wss = new WebSocketServer({ noServer: true });
      server = http.createServer((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Resource not found"}'));
      server.on('upgrade', (req, socket, head) => {
        upgrades++;
        wss.handleUpgrade(req, socket, head, (ws) => {
          ws.on('message', () => {
            frames++;
            ws.close();
          });
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    });
    after(async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    });

    it("'auto' falls back to HTTP and does not probe the next sockets", async () => {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ari`;
      const c = newClient(url, { transport: 'auto', backoff: { baseMs: 1_000, random: () => 0 } });
      await connect(c);
      expect(c.transport).to.equal('http');
      await clock.runUntil(() => upgrades === 2 && c.isConnected(), { maxMs: 60_000 });
      await clock.advance(30_000);
      expect(frames, 'probes sent').to.equal(1);
      expect(upgrades, 'the second socket stays up').to.equal(2);
      expect(c.transport).to.equal('http');
    });
  });
});

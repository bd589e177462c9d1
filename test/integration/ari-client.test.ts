import { expect } from 'chai';
import { Writable } from 'node:stream';
import winston from 'winston';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { silentLogger, createLogger } from '../../src/log/logger.js';
import { AriClient } from '../../src/ari/client.js';
import { AriAuthError, AriDisconnectedError, AriHttpError, ChannelGoneError } from '../../src/ari/errors.js';
import type { ChannelHandle } from '../../src/ari/channel-handle.js';
import { SimulatedAsterisk } from '../../src/sim/index.js';
import { readWavInfo } from '../../src/sounds/wav-info.js';
import { promptPath } from '../../src/sounds/layout.js';
import { OPEN_TIME, testTransport } from '../helpers/harness.js';

describe('ARI client against the simulated Asterisk (real sockets, virtual time)', function () {
  let clock: VirtualClock;
  let sim: SimulatedAsterisk;
  let client: AriClient;
  const calls: ChannelHandle[] = [];

  const connect = async (app = 'hotline', password = 'pw'): Promise<AriClient> => {
    const c = new AriClient({ url: sim.url, username: 'u', password, app, clock, logger: silentLogger(), pingIntervalMs: 0, ...testTransport() });
    c.on('call', (ch: ChannelHandle) => calls.push(ch));
    await c.connect();
    return c;
  };
  const nextCall = async (): Promise<ChannelHandle> => {
    const n = calls.length;
    await clock.runUntil(() => calls.length > n, { maxMs: 5_000 });
    return calls[n] as ChannelHandle;
  };

  beforeEach(async () => {
    calls.length = 0;
    clock = new VirtualClock(OPEN_TIME);
    sim = new SimulatedAsterisk({ clock, username: 'u', password: 'pw', logger: silentLogger() });
    await sim.start();
    client = await connect();
  });
  afterEach(async () => {
    client.close();
    await sim.stop();
  });

  it('receives a call, answers it, and a staged playback lasts as long as the prompt file', async () => {
    sim.placeCall({ app: 'hotline', from: '13800000001', script: [] });
    const ch = await nextCall();
    await ch.answer();
    const length = (await readWavInfo(promptPath('zh-CN', 'offer-help'))).durationMs;
    const t0 = clock.now();
    const p = ch.play('sound:hotline/offer-help', { lang: 'zh_CN' });
    let result: Awaited<typeof p> | undefined;
    void p.then((r) => (result = r));
    await clock.runUntil(() => result !== undefined, { maxMs: 60_000 });
    expect(result?.status).to.equal('finished');
    expect(clock.now() - t0).to.be.within(length - 50, length + 50);
    await ch.hangup();
    await clock.advance(100);
    expect(ch.ended).to.equal(true);
    expect(client.stats().listeners.channelListeners).to.equal(0);
  });

  it('a missing sound file ends the playback as failed at once (201 + PlaybackFinished failed)', async () => {
    sim.placeCall({ app: 'hotline', script: [] });
    const ch = await nextCall();
    const r = ch.play('sound:hotline/no-such-file', { lang: 'zh_CN' });
    let out: Awaited<typeof r> | undefined;
    void r.then((x) => (out = x));
    await clock.runUntil(() => out !== undefined, { maxMs: 1_000 });
    expect(out?.status).to.equal('failed');
  });

  it('a playback Asterisk never finishes (an unknown recording; an unsupported scheme never leaves the client) is ended by the watchdog', async () => {
    sim.placeCall({ app: 'hotline', script: [] });
    const ch = await nextCall();
    const t0 = clock.now();
    const r = ch.play('recording:no-such-recording', { watchdogMs: 7_000 });
    let out: Awaited<typeof r> | undefined;
    void r.then((x) => (out = x));
    await clock.runUntil(() => out !== undefined, { maxMs: 60_000 });
    expect(out?.status).to.equal('watchdog');
    expect(clock.now() - t0).to.equal(7_000);
  });

  it('the caller hanging up mid-playback gives "hangup", and later requests a ChannelGoneError', async () => {
    sim.placeCall({ app: 'hotline', script: [{ wait: 1_000 }, { hangup: true }] });
    const ch = await nextCall();
    const r = ch.play('sound:silence/10');
    let out: Awaited<typeof r> | undefined;
    void r.then((x) => (out = x));
    await clock.runUntil(() => out !== undefined, { maxMs: 20_000 });
    expect(out?.status).to.equal('hangup');
    expect(ch.hangupCause).to.equal(16);
    let err: unknown;
    await client.rest.request('POST', `/channels/${ch.id}/answer`).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(ChannelGoneError);
    expect((err as ChannelGoneError).ariMessage).to.equal('Channel not found');
  });

  it('keeps status and message of other errors (409 on a reused channel id)', async () => {
    sim.placeCall({ app: 'hotline', script: [] });
    const ch = await nextCall();
    let err: unknown;
    await client.rest.request('POST', '/channels', { endpoint: 'Local/silent@caller/n', app: 'hotline', channelId: ch.id }).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(AriHttpError);
    expect((err as AriHttpError).status).to.equal(409);
    expect((err as AriHttpError).ariMessage).to.equal('Channel with given unique ID already exists');
  });

  it('createChannel waits for StasisStart, so dialing never gets "Channel not in Stasis application"', async () => {
    sim.defineEndpoint('PJSIP/2001', { kind: 'busy' });
    sim.placeCall({ app: 'hotline', script: [] });
    const caller = await nextCall();
    const created = client.createChannel({ endpoint: 'PJSIP/2001' });
    let agent: ChannelHandle | undefined;
    void created.then((a) => (agent = a));
    await clock.runUntil(() => agent !== undefined, { maxMs: 5_000 });
    const statuses: string[] = [];
    agent?.onEvent((e) => e.type === 'Dial' && statuses.push(e.dialstatus));
    await agent?.dial({ callerId: caller.id, timeoutSeconds: 20 });
    await clock.advance(100);
    expect(statuses).to.include('BUSY');
    expect(calls).to.have.length(1); // the agent leg is not reported as a new call
  });

  it('a channel that cannot be created is a clear error and leaves no pending wait or timer behind', async () => {
    await clock.advance(0);
    const timersBefore = clock.pendingTimers();
    let err: unknown;
    const p = client.createChannel({ endpoint: 'PJSIP/nobody' }).catch((e: unknown) => (err = e));
    await clock.runUntil(() => err !== undefined, { maxMs: 5_000 });
    await p;
    expect(err).to.be.instanceOf(AriHttpError);
    expect((err as AriHttpError).status).to.equal(500);
    expect((err as AriHttpError).ariMessage).to.equal('Allocation failed');
    expect(client.stats().pendingCreates).to.equal(0);
    expect(clock.pendingTimers()).to.equal(timersBefore);
  });

  it('requests made while the event socket is down fail fast; a call channel request waits for the reconnect', async () => {
    sim.placeCall({ app: 'hotline', script: [] });
    const ch = await nextCall();
    client.dropConnectionForTest();
    await clock.runUntil(() => !client.isConnected(), { maxMs: 1_000 });
    let err: unknown;
    await client.rest.request('POST', `/channels/${ch.id}/answer`).catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(AriDisconnectedError);
    let answered = false;
    void ch.answer().then(() => (answered = true));
    await clock.runUntil(() => answered, { maxMs: 10_000 });
    expect(client.isConnected()).to.equal(true);
  });

  it('reconnects after the socket drops and re-adopts the call: its events resume', async () => {
    sim.placeCall({ app: 'hotline', script: [{ wait: 20_000 }, { hangup: true }] });
    const ch = await nextCall();
    const readopted: string[][] = [];
    client.on('readopted', (ids: string[]) => readopted.push(ids));
    client.dropConnectionForTest();
    await clock.runUntil(() => readopted.length > 0, { maxMs: 10_000 });
    expect(readopted[0]).to.include(ch.id);
    expect(ch.ended).to.equal(false);
    await clock.runUntil(() => ch.ended, { maxMs: 30_000 });
    expect(ch.hangupCause).to.equal(16);
  });

  it('a call whose caller hung up while we were disconnected is ended after reconnecting', async () => {
    client.close();
    // A slow backoff keeps the socket down long enough for the hangup to happen unseen.
    client = new AriClient({ url: sim.url, username: 'u', password: 'pw', app: 'hotline', clock, logger: silentLogger(), pingIntervalMs: 0, ...testTransport(), backoff: { baseMs: 8_000, random: () => 0.99 } });
    client.on('call', (c: ChannelHandle) => calls.push(c));
    await client.connect();
    sim.placeCall({ app: 'hotline', script: [{ wait: 1_000 }, { hangup: true }] });
    const ch = await nextCall();
    client.dropConnectionForTest();
    await clock.advance(3_000);
    expect(ch.ended).to.equal(false);
    await clock.runUntil(() => ch.ended, { maxMs: 60_000 });
    expect(client.stats().channels).to.equal(0);
  });

  it('reports channels left in the app by an earlier run as orphans as soon as it connects', async () => {
    sim.placeCall({ app: 'hotline', script: [] });
    await nextCall();
    client.close();
    const second = new AriClient({ url: sim.url, username: 'u', password: 'pw', app: 'hotline', clock, logger: silentLogger(), pingIntervalMs: 0, ...testTransport() });
    const orphans: string[] = [];
    second.on('orphan', (c: ChannelHandle) => orphans.push(c.id));
    await second.connect();
    await clock.runUntil(() => orphans.length > 0, { maxMs: 10_000 });
    expect(orphans).to.have.length(1);
    second.close();
  });

  it('bad credentials: one clear AriAuthError and one log line, not a retry storm', async () => {
    const lines: string[] = [];
    const logger = createLogger({ json: true });
    logger.clear();
    logger.add(new winston.transports.Stream({ stream: new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }) }));
    const bad = new AriClient({ url: sim.url, username: 'u', password: 'wrong', app: 'other', clock, logger, pingIntervalMs: 0, ...testTransport() });
    let err: unknown;
    await bad.connect().catch((e: unknown) => (err = e));
    expect(err).to.be.instanceOf(AriAuthError);
    await clock.advance(120_000);
    expect(lines.filter((l) => l.includes('"error"'))).to.have.length(1);
    expect(lines.join('')).to.not.include('wrong');
    bad.close();
  });
});

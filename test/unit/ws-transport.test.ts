/**
 * The WebSocket REST transport on its own, with a fake socket: the frames it
 * sends, matching answers by request_id, one clock timer for all requests
 * (each still timing out at its own deadline), and the same errors as HTTP
 * for error statuses, time-outs and a socket that closes.
 */
import { expect } from 'chai';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { AriDisconnectedError, AriHttpError, AriTransportError, ChannelGoneError } from '../../src/ari/errors.js';
import { SOCKET_CLOSED, WsTransport } from '../../src/ari/ws-transport.js';

function setup(open = true): { clock: VirtualClock; ws: WsTransport; sent: Record<string, unknown>[] } {
  const clock = new VirtualClock(Date.UTC(2026, 10, 24, 2, 0, 0));
  const sent: Record<string, unknown>[] = [];
  const ws = new WsTransport({
    clock,
    timeoutMs: 10_000,
    sendFrame: (text) => {
      if (open) sent.push(JSON.parse(text) as Record<string, unknown>);
      return open;
    },
  });
  return { clock, ws, sent };
}

/** What Asterisk would answer to a frame. */
function answer(frame: Record<string, unknown>, status: number, body?: unknown): Record<string, unknown> {
  const r: Record<string, unknown> = { type: 'RESTResponse', transaction_id: '', request_id: frame['request_id'], status_code: status, reason_phrase: '', uri: '' };
  if (body !== undefined) Object.assign(r, { content_type: 'application/json', message_body: JSON.stringify(body) });
  return r;
}

async function settled<T>(p: Promise<T>): Promise<T | Error> {
  return p.catch((e: unknown) => e as Error);
}

describe('WebSocket REST transport (fake socket, virtual clock)', () => {
  it('sends a relative uri with the query in it (encoded) and a JSON body as a message_body string', () => {
    const { ws, sent } = setup();
    void ws.send({ method: 'POST', path: '/channels/a%2Fb/play/pb-1', query: { media: 'sound:x y', lang: undefined, n: 3, list: ['a', 'b'] }, body: { variables: { X: '1"' } } });
    void ws.send({ method: 'GET', path: '/asterisk/ping' });
    expect(sent).to.have.length(2);
    expect(sent[0]).to.deep.include({ type: 'RESTRequest', method: 'POST', uri: 'channels/a%2Fb/play/pb-1?media=sound%3Ax%20y&n=3&list=a%2Cb', content_type: 'application/json', message_body: '{"variables":{"X":"1\\""}}' });
    expect(sent[0]).to.not.have.property('query_strings');
    expect(sent[0]?.['request_id']).to.be.a('string').and.not.equal('');
    expect(sent[1]).to.deep.equal({ type: 'RESTRequest', request_id: sent[1]?.['request_id'], method: 'GET', uri: 'asterisk/ping' });
  });

  it('matches answers by request_id, whatever their order; one timer for all, gone when none waits', async () => {
    const { clock, ws, sent } = setup();
    const timers = clock.pendingTimers();
    const a = ws.send<{ n: number }>({ method: 'GET', path: '/a' });
    const b = ws.send<{ n: number }>({ method: 'GET', path: '/b' });
    expect(clock.pendingTimers()).to.equal(timers + 1);
    expect(ws.receive(answer(sent[1] as Record<string, unknown>, 200, { n: 2 }))).to.equal(true);
    expect(ws.receive(answer(sent[0] as Record<string, unknown>, 200, { n: 1 }))).to.equal(true);
    expect(await a).to.deep.equal({ n: 1 });
    expect(await b).to.deep.equal({ n: 2 });
    expect(clock.pendingTimers()).to.equal(timers);
    expect(ws.pending()).to.equal(0);
  });

  it('an error status gives the HTTP error classes, with status and message', async () => {
    const { ws, sent } = setup();
    const gone = settled(ws.send({ method: 'POST', path: '/channels/c1/answer' }));
    const conflict = settled(ws.send({ method: 'POST', path: '/bridges/x' }));
    const empty = settled(ws.send({ method: 'DELETE', path: '/bridges/y' }));
    ws.receive(answer(sent[0] as Record<string, unknown>, 404, { message: 'Channel not found' }));
    ws.receive(answer(sent[1] as Record<string, unknown>, 409, { message: 'Bridge already exists' }));
    ws.receive(answer(sent[2] as Record<string, unknown>, 500, { error: 'Allocation failed' }));
    expect(await gone).to.be.instanceOf(ChannelGoneError);
    const c = (await conflict) as AriHttpError;
    expect(c).to.be.instanceOf(AriHttpError).and.not.instanceOf(ChannelGoneError);
    expect([c.status, c.ariMessage, c.path]).to.deep.equal([409, 'Bridge already exists', '/bridges/x']);
    expect(((await empty) as AriHttpError).ariMessage).to.equal('Allocation failed');
  });

  it('a 204 resolves with nothing; answers to no request of ours are not taken', async () => {
    const { ws, sent } = setup();
    const p = ws.send({ method: 'POST', path: '/channels/c1/answer' });
    // The 400 Asterisk gives a frame it cannot parse carries empty ids.
    expect(ws.receive({ type: 'RESTResponse', transaction_id: '', request_id: '', status_code: 400, reason_phrase: 'Failed to parse request message JSON', uri: '' })).to.equal(false);
    expect(ws.receive(answer({ request_id: 'someone-else-1' }, 200))).to.equal(false);
    ws.receive(answer(sent[0] as Record<string, unknown>, 204));
    expect(await p).to.equal(undefined);
  });

  it('a body the caller does not read is not parsed; an error body still is', async () => {
    const { ws, sent } = setup();
    const ok = ws.send({ method: 'POST', path: '/channels/c1/play/pb', discardBody: true });
    const bad = settled(ws.send({ method: 'POST', path: '/channels/c1/answer', discardBody: true }));
    ws.receive(answer(sent[0] as Record<string, unknown>, 201, { id: 'pb', state: 'queued' }));
    ws.receive(answer(sent[1] as Record<string, unknown>, 404, { message: 'Channel not found' }));
    expect(await ok).to.equal(undefined);
    expect(((await bad) as ChannelGoneError).ariMessage).to.equal('Channel not found');
  });

  it('each request times out at its own deadline under the one timer, whatever its timeout', async () => {
    const { clock, ws } = setup();
    const t0 = clock.now();
    const at: Record<string, number> = {};
    const track = (name: string, p: Promise<unknown>): void => void p.catch(() => (at[name] = clock.now() - t0));
    track('long', ws.send({ method: 'GET', path: '/long' }));
    await clock.advance(3_000);
    track('short', ws.send({ method: 'GET', path: '/short' }, 2_000));
    track('later', ws.send({ method: 'GET', path: '/later' }));
    await clock.advance(20_000);
    expect(at).to.deep.equal({ short: 5_000, long: 10_000, later: 13_000 });
    expect(clock.pendingTimers()).to.equal(0);
  });

  it('no answer within the timeout is an AriTransportError, and a late answer is ignored', async () => {
    const { clock, ws, sent } = setup();
    const p = settled(ws.send({ method: 'GET', path: '/slow' }));
    await clock.advance(9_999);
    expect(ws.pending()).to.equal(1);
    await clock.advance(1);
    const err = await p;
    expect(err).to.be.instanceOf(AriTransportError);
    expect((err as Error).message).to.match(/no answer within 10000 ms/);
    expect(ws.receive(answer(sent[0] as Record<string, unknown>, 200))).to.equal(false);
    expect(clock.pendingTimers()).to.equal(0);
  });

  it('requests waiting when the socket closes fail as a broken HTTP connection does; unsent ones fail fast', async () => {
    const { clock, ws } = setup();
    const p = settled(ws.send({ method: 'POST', path: '/channels/c1/play/pb' }));
    ws.failAll();
    const err = (await p) as AriTransportError;
    expect(err).to.be.instanceOf(AriTransportError);
    expect(err.reason).to.equal(SOCKET_CLOSED);
    expect(clock.pendingTimers()).to.equal(0);
    const closed = setup(false);
    expect(await settled(closed.ws.send({ method: 'GET', path: '/x' }))).to.be.instanceOf(AriDisconnectedError);
    expect(closed.clock.pendingTimers()).to.equal(0);
  });
});

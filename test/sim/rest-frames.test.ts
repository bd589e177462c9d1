/**
 * REST over the event WebSocket in the simulator beyond the recorded trace:
 * a request answers the same status and body over either transport (one
 * route table), and the older-Asterisk mode (restOverWebSocket: false) drops
 * RESTRequest frames without a reply while the socket keeps working.
 */
import { expect } from 'chai';
import type { AriEventJson } from './support/event-recorder.js';
import { startSim, type SimFixture } from './support/sim-fixture.js';

let seq = 0;

/** Sends one RESTRequest and runs the clock until its RESTResponse is in. */
async function overSocket(f: SimFixture, method: string, uri: string, body?: unknown): Promise<AriEventJson> {
  const id = `t${++seq}`;
  const frame: Record<string, unknown> = { type: 'RESTRequest', request_id: id, method, uri };
  if (body !== undefined) Object.assign(frame, { content_type: 'application/json', message_body: JSON.stringify(body) });
  f.events.send(JSON.stringify(frame));
  const mine = (): AriEventJson | undefined => f.events.ofType('RESTResponse').find((r) => r['request_id'] === id);
  await f.runUntil(() => mine() !== undefined, 1000);
  return mine() as AriEventJson;
}

describe('sim: REST over the event WebSocket', function () {
  this.timeout(10_000);
  let f: SimFixture;
  afterEach(async () => {
    await f.close();
  });

  it('answers every request with the status and body HTTP gives (one route table)', async () => {
    f = await startSim();
    const cases: [string, string, unknown?][] = [
      ['GET', 'asterisk/ping'],
      ['GET', 'nothing/here'],
      ['PUT', 'channels'],
      ['GET', 'channels/'],
      ['POST', 'channels?app=hotline'],
      ['POST', 'channels/nope/answer'],
      ['GET', 'applications/nope'],
      ['POST', 'bridges?type=holding,mixing'],
      ['POST', 'bridges', { type: 'mixing', bridgeId: 'b-1' }],
      ['GET', 'bridges/b-1'],
      ['DELETE', 'bridges/b-1'],
      ['DELETE', 'bridges/b-1'],
    ];
    for (const [method, uri, body] of cases) {
      const reply = await overSocket(f, method, uri, body);
      // The same request again over HTTP, on a fresh bridge so the state matches.
      const viaHttp = await f.http.request(method, `/${uri.replace('b-1', 'b-2')}`, body === undefined ? undefined : { ...(body as object), bridgeId: 'b-2' });
      const where = `${method} ${uri}`;
      expect(reply['status_code'], where).to.equal(viaHttp.status);
      const parsed: unknown = typeof reply['message_body'] === 'string' ? JSON.parse(reply['message_body']) : null;
      const masked = (b: unknown): unknown => JSON.parse(JSON.stringify(b ?? null).replace(/b-2/g, 'b-1').replace(/"timestamp":"[^"]*"/, '"timestamp":"<t>"'));
      expect(masked(parsed), where).to.deep.equal(masked(viaHttp.body));
    }
  });

  it('an older Asterisk (restOverWebSocket: false) drops RESTRequest frames: no reply, no close, events still flow', async () => {
    f = await startSim({ restOverWebSocket: false });
    f.events.send(JSON.stringify({ type: 'RESTRequest', request_id: 'probe', method: 'GET', uri: 'asterisk/ping' }));
    f.events.send('this is not json');
    await f.clock.advance(10_000);
    expect(f.events.ofType('RESTResponse')).to.deep.equal([]);
    const call = f.sim.placeCall({ app: 'hotline', script: [] });
    await f.runUntil(() => f.events.has('StasisStart', call.id));
  });
});

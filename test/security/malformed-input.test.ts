/**
 * Oversized or malformed input gets an error or is dropped, never a crash:
 * event-socket frames (not JSON, not an object, an event missing its
 * fields, a frame past maxPayload), ops HTTP requests (a URL past the
 * header limit, bad query values, a malformed path, a large body), dial
 * strings in the flow config outside the allowed technologies, DTMF that
 * is not digits on its way to a dial string, and SQL-looking values (bound
 * as parameters, stored as text).
 */
import { expect } from 'chai';
import { once } from 'node:events';
import { EventEmitter } from 'node:events';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { RealClock } from '../../src/clock/clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { EventSocket, EVENT_MAX_PAYLOAD } from '../../src/ari/event-socket.js';
import { toAriEvent } from '../../src/ari/types.js';
import { startOpsServer, type OpsServer } from '../../src/ops/server.js';
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';
import { SqliteCallbackQueue } from '../../src/store/sqlite-callback-queue.js';
import { HotlineConfigSchema } from '../../src/config/schema.js';
import { customerDialString, isDialableNumber } from '../../src/dialer/dial-strings.js';
import { testConfig } from '../helpers/harness.js';

const TOKEN = 'a-long-test-token-0123456789';

describe('security: malformed and oversized input', function () {
  this.timeout(30_000);

  it('event socket: non-JSON, non-object and field-less frames are dropped; a frame past maxPayload closes the socket and it reconnects', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(wss, 'listening');
    const sockets: WebSocket[] = [];
    wss.on('connection', (s) => sockets.push(s));
    const clock = new VirtualClock(0);
    const es = new EventSocket({ url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}/ari`, username: 'u', password: 'p', app: 'hotline', clock, logger: silentLogger(), pingIntervalMs: 0 });
    const got: Record<string, unknown>[] = [];
    es.on('message', (m: Record<string, unknown>) => got.push(m));
    try {
      await es.start();
      const s = sockets[0] as WebSocket;
      for (const f of ['not json', '[1,2]', '42', 'null', '"x"', '{"type":"StasisStart"}', '{"type":"PlaybackFinished","playback":7}']) s.send(f);
      await new Promise((r) => setTimeout(r, 100));
      // Only objects get through, and the typed layer drops those missing their fields.
      expect(got.map((m) => m['type'])).to.deep.equal(['StasisStart', 'PlaybackFinished']);
      expect(got.map((m) => toAriEvent(m))).to.deep.equal([undefined, undefined]);
      s.send(Buffer.alloc(EVENT_MAX_PAYLOAD + 1, 0x20));
      await new Promise((r) => setTimeout(r, 300));
      expect(es.isOpen(), 'closed on the oversized frame').to.equal(false);
      await clock.runUntil(() => sockets.length === 2, { maxMs: 60_000 });
      await new Promise((r) => setTimeout(r, 100));
      expect(es.isOpen(), 'reconnected').to.equal(true);
    } finally {
      es.stop();
      for (const s of sockets) s.terminate();
      wss.close();
    }
  });

  describe('ops HTTP', () => {
    let ops: OpsServer;
    beforeEach(async () => {
      ops = await startOpsServer({ host: '127.0.0.1', port: 0, token: TOKEN, runner: new EventEmitter(), queue: new MemoryCallbackQueue(new RealClock()), ready: () => Promise.resolve({ ok: true, reasons: [] }), clock: new RealClock(), logger: silentLogger(), configVersion: () => 'v1' });
    });
    afterEach(async () => ops.close());
    const auth = { authorization: `Bearer ${TOKEN}` };

    it('a URL past the header limit is refused (431), bad query values and a malformed path are 400s, and the server keeps serving', async () => {
      expect((await fetch(`${ops.url}/calls?x=${'a'.repeat(20_000)}`, { headers: auth })).status).to.equal(431);
      expect((await fetch(`${ops.url}/callbacks?since=yesterday`, { headers: auth })).status).to.equal(400);
      expect((await fetch(`${ops.url}/callbacks?status=pending,evil`, { headers: auth })).status).to.equal(400);
      expect((await fetch(`${ops.url}/callbacks/%E0%A4%A`, { headers: auth })).status).to.equal(400);
      expect((await fetch(`${ops.url}/calls?limit=-5&since=NaN`, { headers: auth })).status).to.be.oneOf([200, 400]);
      expect((await fetch(`${ops.url}/healthz`)).status).to.equal(200);
    });

    it('a large body or bad JSON on a POST gets an answer (no route reads bodies), and the server keeps serving', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${ops.url}/callbacks/cb-1/cancel`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.write('{"not json": ');
        req.end(Buffer.alloc(2 * 1024 * 1024, 0x41));
      });
      expect(status).to.equal(404);
      expect((await fetch(`${ops.url}/healthz`)).status).to.equal(200);
    });
  });

  it('the flow config refuses a dial string outside PJSIP/SIP/IAX2/DAHDI/Local, or one that chains a second channel, with a clear error', () => {
    for (const dial of ['Console/dsp', 'PJSIP/2001&DAHDI/g1/5551212', 'Local/s@ctx,1', 'pjsip/2001', 'PJSIP/', 'PJSIP/2001/../x']) {
      const raw = testConfig().config as unknown as { targets: Record<string, { dial: string }> };
      const bad = { ...raw, targets: { ...raw.targets, sales: { ...raw.targets['sales'], dial } } };
      const r = HotlineConfigSchema.safeParse(bad);
      expect(r.success, dial).to.equal(false);
      expect(JSON.stringify(r.error?.issues), dial).to.match(/a dial string is TECH\/resource with TECH one of PJSIP, SIP, IAX2, DAHDI, Local/);
    }
    const raw = testConfig().config as unknown as { dialer: Record<string, unknown> };
    for (const trunk of ['PJSIP/{number}@trunk&DAHDI/g1/1', 'Console/{number}', 'PJSIP/trunk']) {
      const r = HotlineConfigSchema.safeParse({ ...raw, dialer: { ...raw.dialer, trunk } });
      expect(r.success, trunk).to.equal(false);
    }
  });

  it('DTMF that is not 3-20 digits never becomes a dial string', () => {
    for (const n of ['138*0013', '138#', '1380013800&DAHDI/g1/1', '13800@evil', '138/x', '', '12', '1'.repeat(21), '１３８００１３８０００']) {
      expect(isDialableNumber(n), n).to.equal(false);
      expect(customerDialString('PJSIP/{number}@trunk', n), n).to.equal(undefined);
    }
    expect(customerDialString('PJSIP/{number}@trunk', '13800138000')).to.equal('PJSIP/13800138000@trunk');
  });

  it('SQL-looking values are stored as text (parameters, not SQL)', async () => {
    const q = SqliteCallbackQueue.open(':memory:', new RealClock());
    const evil = "x'); DROP TABLE callback_requests; --";
    const { request: r } = await q.capture({ callId: evil, number: '13800138000', lineType: 'mobile', target: "sales' OR '1'='1", reason: 'busy', language: 'en-US', callerNumber: evil });
    expect((await q.get(r.id))?.callId).to.equal(evil);
    expect(await q.get("' OR '1'='1")).to.equal(undefined);
    expect((await q.list({})).length).to.equal(1);
    await q.close();
  });
});

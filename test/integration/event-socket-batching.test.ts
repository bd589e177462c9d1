/**
 * Frames sent on the event socket in one turn of the event loop leave in
 * one socket write (the profile at 5,000 calls had one write per frame as
 * its largest cost), in order, and a frame sent in a later turn is written
 * on its own, so nothing waits for a batch.
 */
import { expect } from 'chai';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { RealClock } from '../../src/clock/clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { EventSocket } from '../../src/ari/event-socket.js';

describe('event socket write batching', () => {
  it('sends the frames of one turn in one write, in order; a later frame at once', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await once(server, 'listening');
    const received: string[] = [];
    server.on('connection', (peer: WebSocket) => peer.on('message', (d: Buffer) => received.push(d.toString())));
    const port = (server.address() as AddressInfo).port;
    const socket = new EventSocket({ url: `http://127.0.0.1:${port}/ari`, username: 'u', password: 'p', app: 'batch', clock: new RealClock(), logger: silentLogger(), pingIntervalMs: 0 });
    try {
      await socket.start();
      // The TCP socket under ws, to count the writes that reach it.
      const raw = (socket as unknown as { ws: { _socket: { _writev: (...a: unknown[]) => unknown; _write: (...a: unknown[]) => unknown } } }).ws._socket;
      let writes = 0;
      const writev = raw._writev.bind(raw);
      const write = raw._write.bind(raw);
      raw._writev = (...a: unknown[]) => (writes++, writev(...a));
      raw._write = (...a: unknown[]) => (writes++, write(...a));
      for (let i = 0; i < 50; i++) expect(socket.send(`{"n":${i}}`)).to.equal(true);
      expect(writes).to.equal(0); // still corked in this turn
      await new Promise((r) => setImmediate(r));
      expect(writes).to.equal(1);
      await new Promise((r) => setTimeout(r, 20));
      socket.send('{"n":50}');
      await new Promise((r) => setImmediate(r));
      expect(writes).to.equal(2);
      const deadline = Date.now() + 2000;
      while (received.length < 51 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(received).to.deep.equal(Array.from({ length: 51 }, (_, i) => `{"n":${i}}`));
    } finally {
      socket.stop();
      server.close();
    }
  });
});

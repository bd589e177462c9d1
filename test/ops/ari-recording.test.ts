import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RealClock } from '../../src/clock/clock.js';
import { ariRecordingFetcher } from '../../src/ops/ari-recording.js';

describe('ops: voice notes fetched from ARI (a local stand-in for the endpoint)', () => {
  let server: http.Server;
  let url: string;
  const seen: { path: string; auth: string | undefined }[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization });
      if (req.url === '/ari/recordings/stored/callback-name-1.2/file') {
        res.writeHead(200, { 'content-type': 'audio/wav' });
        res.end(Buffer.from('RIFF-bytes'));
      } else if (req.url === '/ari/recordings/stored/big/file') {
        res.writeHead(200);
        res.end(Buffer.alloc(2_000));
      } else {
        res.writeHead(404);
        res.end('{"message":"Recording not found"}');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ari`;
  });
  after(async () => new Promise<void>((r) => server.close(() => r())));

  it('GETs /recordings/stored/{name}/file with Basic auth and returns the bytes', async () => {
    const fetch = ariRecordingFetcher({ url, username: 'hotline', password: 'pw', clock: new RealClock() });
    expect((await fetch('callback-name-1.2')).toString()).to.equal('RIFF-bytes');
    expect(seen.at(-1)).to.deep.equal({ path: '/ari/recordings/stored/callback-name-1.2/file', auth: 'Basic ' + Buffer.from('hotline:pw').toString('base64') });
  });

  it('rejects a missing recording, an oversized one, and an unsafe name without asking ARI', async () => {
    const fetch = ariRecordingFetcher({ url, username: 'u', password: 'p', clock: new RealClock(), maxBytes: 1_000 });
    const err = async (p: Promise<unknown>): Promise<string> => p.then(() => 'resolved', (e: unknown) => String(e));
    expect(await err(fetch('nope'))).to.match(/ARI answered 404/);
    expect(await err(fetch('big'))).to.match(/larger than 1000 bytes/);
    const before = seen.length;
    expect(await err(fetch('../../etc/passwd'))).to.match(/refused/);
    expect(seen.length).to.equal(before);
  });
});

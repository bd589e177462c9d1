/**
 * GET /recordings/stored/{name}/file on the simulator: the recording's
 * audio as a WAV of the recorded length (a real Asterisk serves the file it
 * wrote), 404 once the recording is deleted, Basic auth like every route.
 */
import { expect } from 'chai';
import { PASS, USER, startSim, type SimFixture } from './support/sim-fixture.js';

describe('sim: a stored recording\'s file', function () {
  this.timeout(10_000);
  let f: SimFixture;
  beforeEach(async () => {
    f = await startSim();
  });
  afterEach(async () => {
    await f.close();
  });

  const file = (name: string, auth = `${USER}:${PASS}`): Promise<Response> =>
    fetch(`${f.sim.url}/recordings/stored/${encodeURIComponent(name)}/file`, { headers: { authorization: 'Basic ' + Buffer.from(auth).toString('base64') } });

  it('serves a PCM WAV as long as what was recorded; 404 after DELETE; 401 without credentials', async () => {
    const call = f.sim.placeCall({ app: 'hotline', script: [{ waitForAnswer: true }, { speak: 2500 }, { press: '#' }] });
    await f.runUntil(() => f.events.has('StasisStart', call.id));
    await f.http.request('POST', `/channels/${call.id}/answer`);
    expect((await f.http.request('POST', `/channels/${call.id}/record?name=note-1&format=wav&terminateOn=%23&maxSilenceSeconds=5`)).status).to.equal(201);
    await f.runUntil(() => f.events.has('RecordingFinished'));
    const res = await file('note-1');
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('audio/wav');
    const wav = Buffer.from(await res.arrayBuffer());
    expect(wav.toString('ascii', 0, 4)).to.equal('RIFF');
    expect(wav.toString('ascii', 8, 16)).to.equal('WAVEfmt ');
    expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).to.deep.equal([1, 1, 8000, 16]);
    const seconds = wav.readUInt32LE(40) / (8000 * 2);
    expect(seconds).to.be.within(2.4, 2.6);
    // Not silence: the browser has something to play.
    let peak = 0;
    for (let i = 44; i < wav.length; i += 2) peak = Math.max(peak, Math.abs(wav.readInt16LE(i)));
    expect(peak).to.be.greaterThan(1000);
    expect((await file('note-1', 'someone:wrong')).status).to.equal(401);
    expect((await f.http.request('DELETE', '/recordings/stored/note-1')).status).to.equal(204);
    const gone = await file('note-1');
    expect(gone.status).to.equal(404);
    expect(await gone.json()).to.deep.equal({ message: 'Recording not found' });
  });
});

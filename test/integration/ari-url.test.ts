import { expect } from 'chai';
import { Writable } from 'node:stream';
import winston from 'winston';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { createLogger, silentLogger } from '../../src/log/logger.js';
import { AriClient } from '../../src/ari/client.js';
import { readEnv } from '../../src/env.js';
import { SimulatedAsterisk } from '../../src/sim/index.js';
import { OPEN_TIME, testTransport } from '../helpers/harness.js';

describe('ARI_URL as admins write it', function () {
  let clock: VirtualClock;
  let sim: SimulatedAsterisk;
  let client: AriClient | undefined;

  beforeEach(async () => {
    clock = new VirtualClock(OPEN_TIME);
    sim = new SimulatedAsterisk({ clock, username: 'u', password: 'pw', logger: silentLogger() });
    await sim.start();
  });
  afterEach(async () => {
    client?.close();
    client = undefined;
    await sim.stop();
  });

  it('http://host:8088 (the form ari-client takes) connects, to /ari', async () => {
    const origin = new URL(sim.url).origin;
    const env = readEnv({ ARI_URL: origin, ARI_USERNAME: 'u', ARI_PASSWORD: 'pw' });
    expect(env.ariUrl).to.equal(`${origin}/ari`);
    expect(readEnv({ ARI_URL: `${origin}/`, ARI_USERNAME: 'u', ARI_PASSWORD: 'pw' }).ariUrl).to.equal(`${origin}/ari`);
    client = new AriClient({ url: env.ariUrl ?? '', username: 'u', password: 'pw', app: 'hotline', clock, logger: silentLogger(), pingIntervalMs: 0, ...testTransport() });
    await client.connect();
    expect(await client.asteriskVersion()).to.be.a('string');
  });

  it('a base URL that answers 404 is named once, with the fix, not retried in silence', async () => {
    const lines: string[] = [];
    const logger = createLogger({ json: true });
    logger.clear();
    logger.add(new winston.transports.Stream({ stream: new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }) }));
    const wrong = `${new URL(sim.url).origin}/asterisk`;
    client = new AriClient({ url: wrong, username: 'u', password: 'pw', app: 'hotline', clock, logger, pingIntervalMs: 0, ...testTransport() });
    void client.connect().catch(() => undefined);
    await clock.advance(60_000);
    const hints = lines.filter((l) => l.includes('HTTP 404') && l.includes('/ari'));
    expect(hints, lines.join('')).to.have.length(1);
    expect(hints[0]).to.contain('ARI_URL must be the ARI base URL');
  });
});

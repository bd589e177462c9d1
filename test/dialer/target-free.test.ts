/** The dialer knows a target is free from its device state (simulator over real sockets, virtual clock). */
import { expect } from 'chai';
import { AriClient } from '../../src/ari/client.js';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { SimulatedAsterisk } from '../../src/sim/index.js';
import { TargetFreeTracker } from '../../src/dialer/target-free.js';
import { testTransport } from '../helpers/harness.js';

describe('dialer: target free from device state', function () {
  this.timeout(10_000);
  let clock: VirtualClock;
  let sim: SimulatedAsterisk;
  let client: AriClient;

  beforeEach(async () => {
    clock = new VirtualClock(Date.UTC(2026, 10, 24, 2, 0, 0));
    sim = new SimulatedAsterisk({ clock, username: 'u', password: 'pw' });
    await sim.start();
    sim.defineEndpoint('PJSIP/2001', { kind: 'busy' });
    client = new AriClient({ url: sim.url, username: 'u', password: 'pw', app: 'hotline', clock, logger: silentLogger(), pingIntervalMs: 0, ...testTransport() });
    await client.connect();
  });
  afterEach(async () => {
    client.close();
    await sim.stop();
  });

  it('a busy target is waited for until its device state turns NOT_INUSE; stop leaves no waiter or listener', async () => {
    const listenersBefore = client.listenerCount('event');
    const t = new TargetFreeTracker(client, ['PJSIP/2001']);
    await t.start();
    expect(t.state('PJSIP/2001')).to.equal('INUSE');
    let result: string | undefined;
    void t.waitFree('PJSIP/2001').then((r) => (result = r));
    await clock.advance(60_000);
    expect(result).to.equal(undefined);
    sim.defineEndpoint('PJSIP/2001', { kind: 'answer' });
    await clock.runUntil(() => result !== undefined, { maxMs: 5_000 });
    expect(result).to.equal('free');
    expect(t.state('PJSIP/2001')).to.equal('NOT_INUSE');
    sim.defineEndpoint('PJSIP/2001', { kind: 'busy' });
    await clock.runUntil(() => t.state('PJSIP/2001') === 'INUSE', { maxMs: 5_000 });
    let second: string | undefined;
    void t.waitFree('PJSIP/2001').then((r) => (second = r));
    await t.stop();
    await clock.runUntil(() => second !== undefined, { maxMs: 1_000 });
    expect(second).to.equal('stopped');
    expect(t.pendingWaits()).to.equal(0);
    expect(client.listenerCount('event')).to.equal(listenersBefore);
    const app = (await client.rest.request('GET', '/applications/hotline')) as { device_names: string[] };
    expect(app.device_names).to.deep.equal([]);
  });
});

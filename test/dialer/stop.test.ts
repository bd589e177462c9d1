/** Stopping the dialer leaves nothing behind: no timers, no listeners, no device-state subscriptions, no legs. */
import { expect } from 'chai';
import { AriClient } from '../../src/ari/client.js';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { startDialer } from '../../src/dialer/start-dialer.js';
import { SimulatedAsterisk } from '../../src/sim/index.js';
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';
import { OPEN_TIME, testConfig } from '../helpers/harness.js';

describe('dialer: stop', function () {
  this.timeout(20_000);

  it('after stop() mid-call, every timer, listener, subscription and leg of the dialer is gone', async () => {
    const clock = new VirtualClock(OPEN_TIME);
    const logger = silentLogger();
    const sim = new SimulatedAsterisk({ clock, username: 'u', password: 'pw', logger });
    await sim.start();
    sim.defineEndpoint('PJSIP/2001', { kind: 'answer', afterMs: 1_000 });
    sim.defineEndpoint('PJSIP/2002', { kind: 'answer', afterMs: 1_000 });
    sim.defineCustomer('13812345678', { kind: 'answer', afterMs: 30_000 });
    const client = new AriClient({ url: sim.url, username: 'u', password: 'pw', app: 'hotline', clock, logger, pingIntervalMs: 0 });
    await client.connect();
    await clock.advance(0);
    const baseline = { timers: clock.pendingTimers(), listeners: client.listenerCount('event'), router: client.stats().listeners };
    const queue = new MemoryCallbackQueue(clock);
    const config = testConfig({ dialer: { enabled: true } });
    const dialer = await startDialer({ client, queue, clock, logger, currentConfig: () => config, instanceId: 'node-a' });
    await queue.capture({ callId: 'c', number: '13812345678', lineType: 'mobile', target: 'service-desk', reason: 'busy', language: 'zh-CN', callerNumber: '13812345678' });
    await clock.runUntil(() => sim.callsTo('13812345678').length === 1, { maxMs: 120_000 });
    expect(dialer.active()).to.equal(1);
    let stopped = false;
    void dialer.stop().then(() => (stopped = true));
    await clock.runUntil(() => stopped, { maxMs: 30_000 });
    await clock.advance(1_000);
    expect(dialer.active()).to.equal(0);
    expect(sim.stats().channels).to.equal(0);
    expect(clock.pendingTimers()).to.equal(baseline.timers);
    expect(client.listenerCount('event')).to.equal(baseline.listeners);
    expect(client.stats().listeners).to.deep.equal(baseline.router);
    const app = (await client.rest.request('GET', '/applications/hotline')) as { device_names: string[] };
    expect(app.device_names).to.deep.equal([]);
    client.close();
    await sim.stop();
  });
});

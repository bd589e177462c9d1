/** Bridge teardown: which apps hear BridgeDestroyed when a bridge is deleted. */
import { expect } from 'chai';
import type { SimCall } from '../../src/sim/index.js';
import { startSim, type SimFixture } from './support/sim-fixture.js';

describe('sim: bridge teardown', function () {
  this.timeout(10_000);
  let f: SimFixture;

  beforeEach(async () => {
    f = await startSim();
  });
  afterEach(async () => {
    await f.close();
  });

  /** Two answered callers in mixing bridge b1. */
  async function bridgedPair(): Promise<[SimCall, SimCall]> {
    const a = f.sim.placeCall({ app: 'hotline', script: [] });
    const b = f.sim.placeCall({ app: 'hotline', script: [] });
    await f.runUntil(() => f.events.has('StasisStart', a.id) && f.events.has('StasisStart', b.id));
    for (const call of [a, b]) await f.http.request('POST', `/channels/${call.id}/answer`);
    await f.http.request('POST', '/bridges?type=mixing&bridgeId=b1');
    expect((await f.http.request('POST', `/bridges/b1/addChannel?channel=${a.id},${b.id}`)).status).to.equal(204);
    return [a, b];
  }

  it('sends BridgeDestroyed when the bridge is deleted after its members hung up inside it', async () => {
    const [a, b] = await bridgedPair();
    a.hangup();
    b.hangup();
    await f.untilEnded(a);
    await f.untilEnded(b);
    expect(f.sim.stats()).to.include({ channels: 0, bridges: 1 });
    expect(f.events.ofType('ChannelLeftBridge')).to.have.length(2);
    expect((await f.http.request('DELETE', '/bridges/b1')).status).to.equal(204);
    await f.clock.advance(10);
    const destroyed = f.events.ofType('BridgeDestroyed');
    expect(destroyed).to.have.length(1);
    expect(destroyed[0]?.bridge).to.deep.include({ id: 'b1', channels: [] });
    expect(Object.keys(destroyed[0] ?? {})).to.deep.equal(['type', 'timestamp', 'bridge', 'asterisk_id', 'application']);
  });

  it('sends no BridgeDestroyed when the members left through removeChannel first', async () => {
    const [a, b] = await bridgedPair();
    expect((await f.http.request('POST', `/bridges/b1/removeChannel?channel=${a.id},${b.id}`)).status).to.equal(204);
    expect((await f.http.request('DELETE', '/bridges/b1')).status).to.equal(204);
    await f.clock.advance(10);
    expect(f.events.ofType('ChannelLeftBridge')).to.have.length(2);
    expect(f.events.has('BridgeDestroyed')).to.equal(false);
    expect(f.sim.stats()).to.include({ bridges: 0 });
  });
});

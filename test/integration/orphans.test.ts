import { expect } from 'chai';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { AriClient } from '../../src/ari/client.js';
import type { ChannelHandle } from '../../src/ari/channel-handle.js';
import { SimulatedAsterisk, type CallerStep } from '../../src/sim/index.js';
import { startService, type RunningService } from '../../src/service.js';
import { OPEN_TIME, testConfig, testTransport } from '../helpers/harness.js';

/** A restarted service finds what its crashed predecessor left in the app. */
describe('orphans left by an earlier run of the service (simulator, virtual time)', function () {
  let clock: VirtualClock;
  let sim: SimulatedAsterisk;
  let service: RunningService | undefined;
  let earlier: AriClient;
  const calls: ChannelHandle[] = [];

  beforeEach(async () => {
    calls.length = 0;
    clock = new VirtualClock(OPEN_TIME);
    sim = new SimulatedAsterisk({ clock, username: 'u', password: 'pw', logger: silentLogger() });
    await sim.start();
    sim.defineEndpoint('PJSIP/2001', { kind: 'answer', afterMs: 1_000 });
    sim.defineEndpoint('PJSIP/2009', { kind: 'noanswer' });
    // The "earlier run": a bare client that takes calls and then dies without hanging up.
    earlier = new AriClient({ url: sim.url, username: 'u', password: 'pw', app: 'hotline', clock, logger: silentLogger(), pingIntervalMs: 0, ...testTransport() });
    earlier.on('call', (c: ChannelHandle) => calls.push(c));
    await earlier.connect();
  });
  afterEach(async () => {
    earlier.close();
    await service?.stop(0);
    service = undefined;
    await sim.stop();
  });

  const placeCaller = async (script: CallerStep[]) => {
    const call = sim.placeCall({ app: 'hotline', from: '13800000009', script });
    await clock.runUntil(() => calls.some((c) => c.id === call.id), { maxMs: 5_000 });
    return { call, handle: calls.find((c) => c.id === call.id) as ChannelHandle };
  };
  const restart = async (): Promise<void> => {
    earlier.close();
    service = await startService({
      ari: { url: sim.url, username: 'u', password: 'pw', app: 'hotline', pingIntervalMs: 0, ...testTransport() },
      clock,
      logger: silentLogger(),
      currentConfig: () => testConfig(),
    });
  };

  it('a caller on their own is given the hotline, not left in silence', async () => {
    const { call } = await placeCaller([{ waitForPrompt: 'greeting-courtesy', timeoutMs: 60_000 }, { hangup: true }]);
    await clock.advance(3_000);
    await restart();
    await clock.runUntil(() => call.log.some((e) => e.kind === 'hangup'), { maxMs: 60_000 });
    const heard = call.log.filter((e) => e.kind === 'playback-started').map((e) => String((e as { media?: string }).media));
    expect(heard.slice(0, 2)).to.deep.equal(['sound:hotline/sorry-interrupted', 'sound:hotline/greeting-courtesy']);
  });

  it('an outbound leg we dialed, with no caller any more, is hung up', async () => {
    const leg = await (async () => {
      const p = earlier.createChannel({ endpoint: 'PJSIP/2009', appArgs: 'dialed' });
      let h: ChannelHandle | undefined;
      void p.then((x) => (h = x));
      await clock.runUntil(() => h !== undefined, { maxMs: 5_000 });
      return h as ChannelHandle;
    })();
    await restart();
    await clock.advance(2_000);
    expect(sim.channels().map((c) => c['id'])).to.not.include(leg.id);
  });

  it('a caller whose bridged colleague hangs up gets the polite close, not a silent bridge', async () => {
    sim.defineEndpoint('PJSIP/2003', { kind: 'answer', afterMs: 1_000, hangupAfterMs: 20_000 });
    const { call, handle: caller } = await placeCaller([{ waitForPrompt: 'goodbye', on: 'end', timeoutMs: 120_000 }, { hangup: true }]);
    let agent: ChannelHandle | undefined;
    void earlier.createChannel({ endpoint: 'PJSIP/2003', appArgs: 'dialed' }).then((a) => (agent = a));
    await clock.runUntil(() => agent !== undefined, { maxMs: 5_000 });
    await agent?.dial({ callerId: caller.id, timeoutSeconds: 20 });
    await clock.advance(2_000);
    const bridge = await earlier.createBridge();
    await bridge.addChannels([caller.id, (agent as ChannelHandle).id]);
    await restart();
    await clock.runUntil(() => call.log.some((e) => e.kind === 'hangup'), { maxMs: 120_000 });
    const heard = call.log.filter((e) => e.kind === 'playback-started').map((e) => String((e as { media?: string }).media));
    expect(heard).to.deep.equal(['sound:hotline/anything-else', 'sound:hotline/thanks-for-calling', 'sound:hotline/goodbye']);
    await clock.advance(1_000);
    expect(sim.stats().bridges).to.equal(0);
  });

  it('a bridged conversation is left alone, and torn down cleanly when one side hangs up', async () => {
    const { call, handle: caller } = await placeCaller([{ wait: 60_000 }, { hangup: true }]);
    let agent: ChannelHandle | undefined;
    void earlier.createChannel({ endpoint: 'PJSIP/2001', appArgs: 'dialed' }).then((a) => (agent = a));
    await clock.runUntil(() => agent !== undefined, { maxMs: 5_000 });
    await agent?.dial({ callerId: caller.id, timeoutSeconds: 20 });
    await clock.advance(2_000);
    const bridge = await earlier.createBridge();
    await bridge.addChannels([caller.id, (agent as ChannelHandle).id]);
    await clock.advance(100);
    await restart();
    await clock.advance(10_000);
    // Still talking: no prompt was played into their conversation.
    expect(call.log.filter((e) => e.kind === 'playback-started')).to.have.length(0);
    await clock.runUntil(() => call.log.some((e) => e.kind === 'hangup'), { maxMs: 120_000 });
    await clock.advance(1_000);
    expect(sim.stats().channels).to.equal(0);
    expect(sim.stats().bridges).to.equal(0);
  });
});

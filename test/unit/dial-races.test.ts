/**
 * Races around an agent leg (issue: every path, item 8), on a fake dialer so
 * the order of events is exact: a caller who leaves while the leg is being
 * created gets no colleague dialed; the bridge leaves no abort listener on
 * the call's signal behind.
 */
import { expect } from 'chai';
import { getEventListeners } from 'node:events';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { Timeline } from '../../src/call/timeline.js';
import { bridgeWithAgent, dialTarget } from '../../src/call/dial.js';
import type { CallContext } from '../../src/call/context.js';
import type { ChannelHandle } from '../../src/ari/channel-handle.js';
import type { BridgeHandle } from '../../src/ari/bridge.js';

interface FakeLeg extends ChannelHandle {
  dialed: number;
  hungUp: number;
  end(): void;
}

function fakeLeg(id: string): FakeLeg {
  let end!: () => void;
  const endedPromise = new Promise<void>((r) => (end = r));
  const leg = {
    id,
    snapshot: { id } as never,
    ended: false,
    hangupCause: undefined,
    endedPromise,
    dialed: 0,
    hungUp: 0,
    end: () => end(),
    answer: async () => undefined,
    hangup: async () => {
      leg.hungUp++;
    },
    play: async () => ({ status: 'finished' as const, playbackId: 'p' }),
    startMoh: async () => undefined,
    stopMoh: async () => undefined,
    startRinging: async () => undefined,
    stopRinging: async () => undefined,
    setVariable: async () => undefined,
    record: async () => ({ status: 'done' as const, name: 'r' }),
    dial: async () => {
      leg.dialed++;
    },
    onEvent: () => () => undefined,
  };
  return leg;
}

function fakeCall(createChannel: () => Promise<ChannelHandle>): { ctx: CallContext; hangUp: () => void; caller: FakeLeg } {
  const clock = new VirtualClock(Date.UTC(2026, 10, 24, 2, 0, 0));
  const stop = new AbortController();
  const caller = fakeLeg('caller');
  const bridge: BridgeHandle = { id: 'b1', addChannels: async () => undefined, destroy: async () => undefined } as unknown as BridgeHandle;
  const ctx = {
    id: 'caller',
    channel: caller,
    clock,
    signal: stop.signal,
    log: silentLogger(),
    timeline: new Timeline('caller', clock, silentLogger()),
    services: { dialer: { createChannel, createBridge: async () => bridge } },
  } as unknown as CallContext;
  return { ctx, hangUp: () => stop.abort(), caller };
}

describe('dial races (fake dialer, virtual clock)', () => {
  it('a caller who hangs up while the agent leg is being created: the leg is hung up, never dialed', async () => {
    const leg = fakeLeg('agent');
    let created!: (c: ChannelHandle) => void;
    const { ctx, hangUp } = fakeCall(() => new Promise((r) => (created = r)));
    const result = dialTarget(ctx, { endpoint: 'PJSIP/2002', ringTimeoutMs: 20_000, target: 'service-desk' });
    hangUp();
    created(leg);
    expect((await result).kind).to.equal('gone');
    expect(leg.dialed).to.equal(0);
    expect(leg.hungUp).to.equal(1);
    expect(getEventListeners(ctx.signal, 'abort')).to.have.length(0);
  });

  it('a bridged call whose colleague leaves leaves no abort listener on the call', async () => {
    const leg = fakeLeg('agent');
    const { ctx } = fakeCall(async () => leg);
    const bridged = bridgeWithAgent(ctx, leg);
    leg.end();
    expect((await bridged).kind).to.equal('agent-left');
    expect(getEventListeners(ctx.signal, 'abort')).to.have.length(0);
  });
});

/** What every fault test checks after its calls: nothing left behind in the service, the client or the simulator. */
import { expect } from 'chai';
import type { Harness } from '../../helpers/harness.js';

/** Leftovers after the calls ended: 0 everywhere means none. */
export interface Leftovers {
  calls: number;
  simChannels: number;
  simBridges: number;
  clientChannels: number;
  listeners: number;
  timers: number;
}

/** Counts what is left; `timersBefore` is the clock's pending timers before the first call. */
export function leftovers(h: Harness, timersBefore: number): Leftovers {
  const l = h.service.client.stats().listeners;
  return {
    calls: h.service.runner.activeCalls(),
    simChannels: h.sim.stats().channels,
    simBridges: h.sim.stats().bridges,
    clientChannels: h.service.client.stats().channels,
    listeners: l.channels + l.channelListeners + l.playbacks + l.recordings,
    timers: h.clock.pendingTimers() - timersBefore,
  };
}

/** Lets teardown finish, then expects no leftovers. */
export async function expectNothingLeft(h: Harness, timersBefore: number): Promise<void> {
  await h.clock.advance(6_000);
  expect(leftovers(h, timersBefore)).to.deep.equal({ calls: 0, simChannels: 0, simBridges: 0, clientChannels: 0, listeners: 0, timers: 0 });
}

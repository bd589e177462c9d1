/**
 * The dialer next to the running service, sharing its ARI client: a caller
 * leaves a callback for the busy service desk, the desk comes free, and the
 * dialer keeps the promise; the service never takes the dialer's legs for
 * callers. This is how startDialer is meant to be wired into the service.
 */
import { expect } from 'chai';
import { startHarness, type Harness } from '../helpers/harness.js';
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';
import { startDialer, type RunningDialer } from '../../src/dialer/start-dialer.js';
import type { AttemptReport } from '../../src/dialer/attempt.js';
import { silentLogger } from '../../src/log/logger.js';
import { testConfig } from '../helpers/harness.js';
import type { CallerStep } from '../../src/sim/index.js';

const leaveCallback: CallerStep[] = [
  { waitForPrompt: 'menu-options' }, { press: '0' }, { waitForPrompt: 'busy-choice', on: 'end' }, { press: '1' },
  { waitForPrompt: 'callback-enter-number', on: 'end' }, { press: '13800138000#' },
  { waitForPrompt: 'callback-confirm', on: 'end' }, { press: '1' },
  { waitForPrompt: 'callback-record-name', on: 'end' }, { wait: 300 }, { speak: 1_500 },
  { waitForPrompt: 'goodbye', on: 'end', timeoutMs: 120_000 }, { hangup: true },
];

describe('integration: the dialer beside the service', function () {
  this.timeout(30_000);
  let h: Harness;
  let dialer: RunningDialer | undefined;
  afterEach(async () => {
    if (dialer) {
      let stopped = false;
      void dialer.stop().then(() => (stopped = true));
      await h.clock.runUntil(() => stopped, { maxMs: 60_000 });
    }
    await h.close();
  });

  it('a callback captured by the flows is called back by the dialer on the service client, and the runner leaves its legs alone', async () => {
    let queue = undefined as unknown as MemoryCallbackQueue;
    h = await startHarness({ makeCallbacks: (clock) => (queue = new MemoryCallbackQueue(clock)) });
    const config = testConfig({ dialer: { enabled: true } });
    dialer = await startDialer({ client: h.service.client, queue: queue, clock: h.calendar, logger: silentLogger(), currentConfig: () => config, instanceId: 'node-a' });
    const reports: AttemptReport[] = [];
    dialer.on('attempt-ended', (r: AttemptReport) => reports.push(r));

    const s = await h.call(leaveCallback);
    expect(s.timeline.some((e) => e.kind === 'callback-stored')).to.equal(true);
    const [req] = await queue.list();
    expect(req).to.include({ number: '13800138000', target: 'service-desk', status: 'pending' });
    // The desk is busy (INUSE): nothing is dialled until it is free.
    await h.clock.advance(5 * 60_000);
    expect(reports).to.have.length(0);
    h.sim.defineCustomer('13800138000', { kind: 'answer', afterMs: 3_000, script: [{ waitForPrompt: 'outbound-holder-keys', on: 'end' }, { press: '1' }, { waitForBridge: true }, { wait: 10_000 }, { hangup: true }] });
    h.sim.defineEndpoint('PJSIP/2002', { kind: 'answer', afterMs: 2_000 });
    let sawLegs = false;
    await h.clock.runUntil(() => {
      if (dialer?.active()) sawLegs ||= h.sim.channels().some((c) => dialer?.owns(String(c['id'])));
      expect(h.service.runner.activeCalls()).to.equal(0);
      return reports.length === 1;
    }, { maxMs: 10 * 60_000 });
    expect(sawLegs).to.equal(true);
    expect(reports[0]?.outcome, reports[0]?.reason).to.equal('completed');
    expect((await queue.get(req?.id ?? ''))?.status).to.equal('completed');
    // The whisper ended with the name the caller recorded.
    const colleague = h.sim.callsTo('PJSIP/2002').at(-1);
    expect(colleague?.log.some((e) => e.kind === 'playback-started' && e.media.startsWith('recording:'))).to.equal(true);
  });
});

/**
 * A slow PBX (#12 item 4): on a saturated Asterisk prompts played at up to
 * 1.96x their length and the old watchdog (length + 5 s from the request)
 * cut them. The watchdog now times from PlaybackStarted with 2.5x the
 * length + 3 s, and a PlaybackStarted that never comes has its own timeout.
 */
import { expect } from 'chai';
import { startHarness, at, type Harness } from '../helpers/harness.js';
import { expectNothingLeft } from './support/leak-check.js';
import { loadPromptLengths, type PromptLengths } from '../../src/sounds/prompt-lengths.js';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { AriClient } from '../../src/ari/client.js';
import type { ChannelHandle, PlayResult } from '../../src/ari/channel-handle.js';
import { SimulatedAsterisk } from '../../src/sim/index.js';
import { OPEN_TIME, testTransport } from '../helpers/harness.js';

describe('reliability: a slow PBX (virtual time)', function () {
  this.timeout(60_000);
  let lengths: PromptLengths;
  before(async () => {
    lengths = await loadPromptLengths();
  });

  describe('in a call', () => {
    let h: Harness;
    let timersBefore: number;
    beforeEach(async () => {
      h = await startHarness();
      timersBefore = h.clock.pendingTimers();
    });
    afterEach(async () => h.close());

    it('prompts playing at 1.96x their length are not cut', async () => {
      h.sim.faults.add({ kind: 'slow-playback', factor: 1.96, times: Infinity });
      const s = await h.call([]);
      const finished = s.timeline.filter((e) => e.kind === 'prompt-finished');
      expect(finished.map((e) => e['status'])).to.not.include('watchdog');
      expect(finished.every((e) => e['status'] === 'finished')).to.equal(true);
      // The longest one really played slow (7.44 s at 1.96x: more than the old length + 5 s).
      const len = lengths('zh-CN', 'offer-help-again') as number;
      const played = (at(s, 'prompt-finished', 'offer-help-again')[0] ?? 0) - (at(s, 'prompt-started', 'offer-help-again')[0] ?? 0);
      expect(played).to.equal(Math.round(len * 1.96));
      expect(played).to.be.greaterThan(len + 5_000);
      await expectNothingLeft(h, timersBefore);
    });

    it('a stuck prompt is stopped 2.5x its length + 3 s after PlaybackStarted and the flow goes on politely', async () => {
      h.sim.faults.add({ kind: 'stuck-playback', match: { media: /offer-help-again/ } });
      const s = await h.call([]);
      const len = lengths('zh-CN', 'offer-help-again') as number;
      const [start] = at(s, 'prompt-started', 'offer-help-again');
      const [end] = at(s, 'prompt-finished', 'offer-help-again');
      expect((end ?? 0) - (start ?? 0)).to.equal(len * 2.5 + 3_000);
      expect(s.timeline.find((e) => e.kind === 'prompt-finished' && e['prompt'] === 'offer-help-again')?.['status']).to.equal('watchdog');
      expect(at(s, 'prompt-started', 'no-sound-close').length).to.equal(1);
      expect(s.endedBy).to.equal('us');
      await expectNothingLeft(h, timersBefore);
    });
  });

  describe('on the ARI client', () => {
    let clock: VirtualClock;
    let sim: SimulatedAsterisk;
    let client: AriClient;
    beforeEach(async () => {
      clock = new VirtualClock(OPEN_TIME);
      sim = new SimulatedAsterisk({ clock, username: 'u', password: 'pw', logger: silentLogger() });
      await sim.start();
      client = new AriClient({ url: sim.url, username: 'u', password: 'pw', app: 'hotline', clock, logger: silentLogger(), pingIntervalMs: 0, ...testTransport() });
      await client.connect();
    });
    afterEach(async () => {
      client.close();
      await sim.stop();
    });

    it('a PlaybackStarted that never comes (queued behind a stuck playback) is given up after 3 s on its own', async () => {
      let ch: ChannelHandle | undefined;
      client.on('call', (c: ChannelHandle) => (ch = c));
      sim.placeCall({ app: 'hotline', script: [] });
      await clock.runUntil(() => ch !== undefined, { maxMs: 5_000 });
      const stuck = new AbortController();
      // A stuck playback blocks the channel's queue until it is stopped.
      sim.faults.add({ kind: 'stuck-playback', match: { media: /greeting-courtesy/ } });
      const first = ch!.play('sound:hotline/greeting-courtesy', { lang: 'zh_CN', watchdogMs: 600_000, signal: stuck.signal });
      const t0 = clock.now();
      let out: PlayResult | undefined;
      void ch!.play('sound:hotline/offer-help', { lang: 'zh_CN', expectedMs: 2_470 }).then((r) => (out = r));
      await clock.runUntil(() => out !== undefined, { maxMs: 60_000 });
      expect(out?.status).to.equal('watchdog');
      expect(out?.detail).to.match(/no PlaybackStarted within 3000 ms \(playback queued\)/);
      expect(clock.now() - t0).to.equal(3_000);
      stuck.abort();
      expect((await first).status).to.equal('stopped');
    });
  });
});

/**
 * The scale run's measuring logic on its own, with made-up times (no clock,
 * no timing assertions): the histogram's quantiles, which commands count as
 * reactions to an event, how the reconnect storm is timed, and the knobs.
 */
import { expect } from 'chai';
import { LatencyHistogram } from '../../bench/scale/histogram.js';
import { ReactionMeter, channelOfEvent, channelOfPath } from '../../bench/scale/reaction-meter.js';
import { ReadoptionTimer } from '../../bench/scale/readoption-timer.js';
import { scaleSettingsFromEnv } from '../../bench/scale/scale-settings.js';
import { formatScale, runScale } from '../../bench/scale/run-scale.js';

describe('scale bench helpers', () => {
  it('the histogram gives nearest-rank quantiles within 2 % above, never below, and the exact max', () => {
    const h = new LatencyHistogram();
    expect(Number.isNaN(h.quantile(0.5))).to.equal(true);
    for (let i = 1; i <= 1000; i++) h.add(i / 10); // 0.1 .. 100 ms
    h.add(-3); // a negative sample counts as 0
    expect(h.count).to.equal(1001);
    expect(h.max).to.equal(100);
    const p50 = h.quantile(0.5); // rank 501 of 0, 0.1, ..., 100: 50.0
    expect(p50).to.be.within(50.0, 50.0 * 1.02);
    const p99 = h.quantile(0.99); // rank 991: 99.0
    expect(p99).to.be.within(99.0, 99.0 * 1.02);
    expect(h.quantile(1)).to.equal(100);
    expect(h.quantile(0)).to.equal(0.001); // the first bucket's edge (the 0 sample)
    h.reset();
    expect(h.count).to.equal(0);
    h.add(5_000_000); // past the last bucket: capped at the exact max
    expect(h.quantile(0.99)).to.equal(5_000_000);
  });

  it('a command counts as a reaction only in the turn its channel\'s event arrived, from the latest event', () => {
    let now = 0;
    const turnEnds: (() => void)[] = [];
    const m = new ReactionMeter(() => now, (fn) => turnEnds.push(fn));
    m.event('a');
    now = 2;
    m.event('a'); // the latest event of the turn counts
    m.event('b');
    now = 3;
    m.command('a'); // 1 ms after the latest 'a' event
    m.command('a'); // a second command in the same turn is not a second reaction
    m.command('c'); // no event for c
    expect(turnEnds).to.have.length(1); // one turn end scheduled, whatever the number of events
    turnEnds.shift()?.();
    now = 30_000;
    m.command('b'); // a later turn (a timer's check-in): not a reaction
    expect(m.latency.count).to.equal(1);
    expect(m.latency.max).to.equal(1);
    m.event('b');
    now = 30_004;
    m.command('b');
    expect(m.latency.count).to.equal(2);
    expect(m.latency.max).to.equal(4);
  });

  it('channel ids come from REST paths and from events, playbacks by their target', () => {
    expect(channelOfPath('/channels/abc.1%3Bx/play/pb-1')).to.equal('abc.1;x');
    expect(channelOfPath('/channels/abc')).to.equal('abc');
    expect(channelOfPath('/channels/create')).to.equal(undefined);
    expect(channelOfPath('/channels')).to.equal(undefined);
    expect(channelOfPath('/playbacks/pb-1')).to.equal(undefined);
    expect(channelOfEvent({ type: 'StasisStart', channel: { id: 'c1' } })).to.equal('c1');
    expect(channelOfEvent({ type: 'Dial', peer: { id: 'c2' } })).to.equal('c2');
    expect(channelOfEvent({ type: 'PlaybackFinished', playback: { id: 'pb', target_uri: 'channel:c3' } })).to.equal('c3');
    expect(channelOfEvent({ type: 'PlaybackFinished', playback: { id: 'pb', target_uri: 'bridge:b1' } })).to.equal(undefined);
  });

  it('the storm ends when every call that was up is re-adopted, timed from the link coming back', () => {
    let now = 1000;
    const t = new ReadoptionTimer(new Set(['a', 'b', 'c']), () => now);
    expect(t.readopted(['a', 'b', 'c'])).to.equal(false); // before any drop: not this storm's
    t.dropped();
    now = 1250;
    t.linkUp();
    now = 1300;
    expect(t.readopted(['a', 'x'])).to.equal(false); // x was not up: not counted
    now = 1400;
    t.linkUp(); // a second open does not move the start
    expect(t.readopted(['b', 'c'])).to.equal(true);
    now = 9999;
    expect(t.readopted(['a'])).to.equal(true);
    expect(t.result()).to.deep.equal({ callsUp: 3, readopted: 3, dropToLinkMs: 250, linkToReadoptedMs: 150 });
    const partial = new ReadoptionTimer(new Set(['a', 'b']), () => now);
    partial.dropped();
    partial.linkUp();
    partial.readopted(['a']);
    const r = partial.result();
    expect(r.readopted).to.equal(1);
    expect(Number.isNaN(r.linkToReadoptedMs)).to.equal(true);
  });

  it('the knobs default to the issue\'s sizes, and a bad value is an error', () => {
    const d = scaleSettingsFromEnv({}, false);
    expect(d?.sizes).to.deep.equal([1000, 5000]);
    expect(d?.flows).to.deep.equal(['hold', 'silent']);
    expect(d?.storm).to.equal(true);
    expect(scaleSettingsFromEnv({}, true)?.sizes).to.deep.equal([200]);
    expect(scaleSettingsFromEnv({ BENCH_SCALE: '0' }, false)).to.equal(undefined);
    const s = scaleSettingsFromEnv({ BENCH_SCALE_SIZES: '300', BENCH_SCALE_FLOWS: 'silent', BENCH_SCALE_RATE: '50', BENCH_SCALE_WINDOW_S: '31', BENCH_SCALE_STORM: '0' }, false);
    expect([s?.sizes, s?.flows, s?.perSecond, s?.windowMs, s?.storm]).to.deep.equal([[300], ['silent'], 50, 31_000, false]);
    expect(() => scaleSettingsFromEnv({ BENCH_SCALE_SIZES: '1000,lots' }, false)).to.throw(/BENCH_SCALE_SIZES/);
    expect(() => scaleSettingsFromEnv({ BENCH_SCALE_FLOWS: 'hold,transfer' }, false)).to.throw(/transfer/);
    expect(() => scaleSettingsFromEnv({ BENCH_SCALE_RATE: '-1' }, false)).to.throw(/BENCH_SCALE_RATE/);
  });

  it('a process of the run that dies gives a row that says so, at once, and the run goes on', async function () {
    this.timeout(20_000);
    const missing = 'test/bench/no-such-scale-script.js';
    const rows = await runScale({ sizes: [1], flows: ['hold', 'silent'], perSecond: 1, windowMs: 1, settleMs: 1, storm: false, simScript: missing, controllerScript: missing });
    expect(rows.map((r) => r.flow)).to.deep.equal(['hold', 'silent']);
    for (const r of rows) {
      expect(r.problems.join(' ')).to.match(/exited \(1\)/);
      expect(r.wallSeconds).to.be.below(15);
    }
    expect(formatScale(rows)).to.match(/problem \(hold, 1\): scale: /);
  });
});

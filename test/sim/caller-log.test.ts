/** longestSilenceMs over hand-written caller logs. */
import { expect } from 'chai';
import { longestSilenceMs, type CallerEvent, type CallerLogEntry } from '../../src/sim/index.js';

/** Builds a log from [t, event] pairs. */
function log(...entries: [number, CallerEvent][]): CallerLogEntry[] {
  return entries.map(([t, e]) => ({ ...e, at: 1_000_000 + t, t }) as CallerLogEntry);
}
const pb = (id: string): { playbackId: string; media: string; lang: string } => ({ playbackId: id, media: `sound:${id}`, lang: 'en' });

describe('sim: longestSilenceMs', () => {
  it('is 0 for a call never answered', () => {
    expect(longestSilenceMs(log([0, { kind: 'placed', from: '1', to: '2' }], [5000, { kind: 'hangup', by: 'caller', cause: 16, causeTxt: 'Normal Clearing' }]))).to.equal(0);
  });

  it('measures gaps between playbacks, MOH, ringing and bridging, from answer to hangup', () => {
    const l = log(
      [0, { kind: 'placed', from: '1', to: '2' }],
      [0, { kind: 'ringing-started' }],
      [3000, { kind: 'answered' }],
      [3000, { kind: 'ringing-stopped', reason: 'answered' }],
      [3500, { kind: 'playback-started', ...pb('a') }],
      [5500, { kind: 'playback-finished', ...pb('a'), status: 'done' }],
      [9500, { kind: 'moh-started', mohClass: 'default' }],
      [20_000, { kind: 'moh-stopped', reason: 'stopped' }],
      [20_000, { kind: 'entered-bridge', bridgeId: 'b', with: ['agent'] }],
      [30_000, { kind: 'bridge-peers', bridgeId: 'b', with: [] }],
      [31_000, { kind: 'hangup', by: 'caller', cause: 16, causeTxt: 'Normal Clearing' }],
    );
    expect(longestSilenceMs(l)).to.equal(4000);
  });

  it('does not let an instantly failed playback break a silence', () => {
    const l = log(
      [0, { kind: 'answered' }],
      [2000, { kind: 'playback-started', ...pb('missing') }],
      [2000, { kind: 'playback-finished', ...pb('missing'), status: 'failed' }],
      [6000, { kind: 'hangup', by: 'app', cause: 16, causeTxt: 'Normal Clearing' }],
    );
    expect(longestSilenceMs(l)).to.equal(6000);
  });

  it('counts to `until` when the call is still up, and can ignore time spent recording', () => {
    const l = log(
      [0, { kind: 'answered' }],
      [1000, { kind: 'recording-started', name: 'r' }],
      [9000, { kind: 'recording-finished', name: 'r', state: 'done' }],
    );
    expect(longestSilenceMs(l, { until: 1_000_000 + 10_000 })).to.equal(10_000);
    expect(longestSilenceMs(l, { until: 1_000_000 + 10_000, ignoreRecording: true })).to.equal(1000);
  });

  it('overlapping sounds count once', () => {
    const l = log(
      [0, { kind: 'answered' }],
      [0, { kind: 'moh-started', mohClass: 'x' }],
      [1000, { kind: 'playback-started', ...pb('p') }],
      [2000, { kind: 'moh-stopped', reason: 'replaced by playback' }],
      [4000, { kind: 'playback-finished', ...pb('p'), status: 'done' }],
      [4500, { kind: 'hangup', by: 'caller', cause: 16, causeTxt: 'Normal Clearing' }],
    );
    expect(longestSilenceMs(l)).to.equal(500);
  });
});

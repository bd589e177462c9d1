import { expect } from 'chai';
import { startHarness, type Harness } from '../helpers/harness.js';
import type { TimelineEntryEvent } from '../../src/call/runner.js';

describe("CallRunner 'timeline-entry' events (live views follow a call as it happens)", function () {
  let h: Harness;
  afterEach(async () => h.close());

  it('emits every entry once, in order, before the call ends', async () => {
    h = await startHarness();
    const seen: TimelineEntryEvent[] = [];
    let endedAfter = -1;
    h.service.runner.on('timeline-entry', (e: TimelineEntryEvent) => seen.push(e));
    h.service.runner.on('call-ended', () => (endedAfter = seen.length));
    const s = await h.call([]);
    expect(seen.map((e) => e.callId)).to.satisfy((ids: string[]) => ids.every((id) => id === s.id));
    expect(seen.map((e) => e.entry)).to.deep.equal(s.timeline);
    expect(endedAfter).to.equal(s.timeline.length);
  });

  it('a throwing listener does not break the call', async () => {
    h = await startHarness();
    h.service.runner.on('timeline-entry', () => {
      throw new Error('observer bug');
    });
    const s = await h.call([]);
    expect(s.timeline.map((e) => e.kind)).to.include('no-sound-close');
    expect(s.timeline.some((e) => e.kind === 'error')).to.equal(false);
  });
});

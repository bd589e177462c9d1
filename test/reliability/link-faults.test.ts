/**
 * Connection faults (#12 item 1), in whichever transport the suite runs
 * (ARI_TRANSPORT): a clean close, a link gone silent with no close frame
 * (found by ping within 5 s), an Asterisk restart with its state gone, and
 * a drop with a request in flight. Each time the service reconnects,
 * re-adopts the calls still in the app within 2 s of the link returning,
 * ends the calls whose channel is gone, and logs one line per state change.
 */
import { expect } from 'chai';
import winston from 'winston';
import { startHarness, type Harness } from '../helpers/harness.js';
import { LogLines } from '../helpers/log-lines.js';
import { expectNothingLeft } from './support/leak-check.js';

/** Log lines about the event socket's state: one per loss, one per return. */
function stateLines(lines: LogLines): { lost: string[]; back: string[] } {
  const msgs = lines.lines.map((l) => String((JSON.parse(l) as { message?: unknown }).message));
  return {
    lost: msgs.filter((m) => m.startsWith('ARI event socket lost') || m.startsWith('ARI not reachable')),
    back: msgs.filter((m) => m.startsWith('ARI event socket reconnected') || m.startsWith('re-adopted')),
  };
}

describe('reliability: connection faults (simulator)', function () {
  this.timeout(60_000);
  let h: Harness;
  let lines: LogLines;
  let timersBefore: number;
  const start = async (ari: Record<string, unknown> = {}): Promise<void> => {
    lines = new LogLines();
    h = await startHarness({ logger: winston.createLogger({ level: 'info', transports: [lines] }), ari: { backoff: { baseMs: 1_000, random: () => 0.99 }, ...ari } });
    timersBefore = h.clock.pendingTimers();
  };
  afterEach(async () => h.close());

  /** Runs until the link is back; returns the virtual time it came back. */
  const untilBack = async (): Promise<number> => h.clock.runUntil(() => h.service.client.isConnected(), { maxMs: 60_000 });

  it('a clean close: reconnect, the call re-adopted at once, one line down and one line up', async () => {
    await start();
    const call = h.place([]);
    await h.clock.advance(3_000);
    let readoptedAt: number | undefined;
    h.service.client.once('readopted', () => (readoptedAt = h.clock.now()));
    h.sim.faults.dropSockets();
    const back = await untilBack();
    await h.clock.runUntil(() => readoptedAt !== undefined, { maxMs: 2_000 });
    expect((readoptedAt ?? Infinity) - back).to.be.at.most(2_000);
    await h.clock.runUntil(() => call.ended() !== undefined, { maxMs: 300_000 });
    expect(call.ended()?.endedBy).to.equal('us');
    expect(call.ended()?.timeline.some((e) => e.kind === 'readopted')).to.equal(true);
    const s = stateLines(lines);
    expect(s.lost).to.have.length(1);
    expect(s.back).to.deep.equal(['ARI event socket reconnected: 1 call(s) re-adopted, 0 ended (channel gone)']);
    await expectNothingLeft(h, timersBefore);
  });

  it('a link gone silent (no close frame, no pong) is found by ping within 5 s, then the call goes on', async () => {
    // Ping runs in real time (a dead peer is a real-time matter); a short interval keeps the test quick.
    await start({ pingIntervalMs: 250 });
    const call = h.place([]);
    await h.clock.advance(3_000);
    h.sim.faults.goSilent();
    const silentSince = Date.now();
    while (h.service.client.isConnected() && Date.now() - silentSince < 5_000) await new Promise((r) => setTimeout(r, 20));
    const foundAfter = Date.now() - silentSince;
    expect(h.service.client.isConnected(), 'dead link found').to.equal(false);
    expect(foundAfter).to.be.below(5_000);
    await untilBack();
    await h.clock.runUntil(() => call.ended() !== undefined, { maxMs: 300_000 });
    expect(call.ended()?.endedBy).to.equal('us');
    const s = stateLines(lines);
    expect(s.lost).to.have.length(1);
    expect(s.lost[0]).to.match(/no answer to a ping within 250 ms/);
    expect(s.back).to.have.length(1);
    await expectNothingLeft(h, timersBefore);
  });

  it('Asterisk restarts with its state gone: the calls are ended once the link is back, not left waiting', async () => {
    await start();
    const calls = [h.place([]), h.place([{ waitForPrompt: 'menu-options' }, { press: '4' }])];
    await h.clock.advance(3_000);
    h.sim.faults.restart();
    const back = await untilBack();
    const ended = await h.clock.runUntil(() => calls.every((c) => c.ended() !== undefined), { maxMs: 30_000 });
    expect(ended - back).to.be.at.most(2_000 + 5_000);
    expect(h.service.runner.activeCalls()).to.equal(0);
    const s = stateLines(lines);
    expect(s.lost).to.have.length(1);
    expect(s.back).to.deep.equal(['ARI event socket reconnected: 0 call(s) re-adopted, 2 ended (channel gone)']);
    await expectNothingLeft(h, timersBefore);
  });

  it('the link drops with a request in flight: the request waits for the reconnect and is sent once more', async () => {
    await start();
    // The first prompt's request is answered 3 s late; the link drops 1 s into it.
    h.sim.faults.add({ kind: 'slow', delayMs: 3_000, match: { method: 'POST', path: /\/play\// } });
    const call = h.place([]);
    await h.clock.advance(1_000);
    expect(h.service.client.rest.pending(), 'a request in flight').to.equal(1);
    h.sim.faults.dropSockets();
    await untilBack();
    await h.clock.runUntil(() => call.ended() !== undefined, { maxMs: 300_000 });
    const s = call.ended()!;
    const first = s.timeline.find((e) => e.kind === 'prompt-finished');
    expect(first?.['status'], 'the first prompt played after the retry').to.equal('finished');
    expect(s.endedBy).to.equal('us');
    expect(stateLines(lines).lost).to.have.length(1);
    await expectNothingLeft(h, timersBefore);
  });
});

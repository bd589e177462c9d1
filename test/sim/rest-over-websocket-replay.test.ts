/**
 * Replays the rest-over-websocket trace (a real Asterisk 22.10.1) against
 * the simulator: every RESTResponse frame (fields, their order, the JSON in
 * message_body), where each response falls among the events the request
 * caused, the events themselves, and their timing.
 */
import { expect } from 'chai';
import { eventChannelId, parseAriTime, type AriEventJson } from './support/event-recorder.js';
import { normalize, signature } from './support/trace-replay.js';
import { replayWsTrace, traceIncoming, type WsReplay } from './support/ws-trace-replay.js';

const TIME_TOLERANCE_MS = 25;

/** A RESTResponse with its message_body parsed, and what differs between boxes and runs masked. */
function responseView(f: AriEventJson): unknown {
  const out: Record<string, unknown> = { ...f };
  if (typeof f['message_body'] === 'string') {
    const body = JSON.parse(f['message_body']) as Record<string, unknown>;
    // GET asterisk/info: the build and boot times belong to the recording machine.
    for (const k of ['build', 'status']) if (k in body) body[k] = '<machine>';
    out['message_body'] = body;
  }
  return normalize(out);
}

/** Responses by request id and status; events by their facts. */
function frameSignature(f: AriEventJson): string {
  return f.type === 'RESTResponse' ? `RESTResponse ${String(f['request_id'])} ${String(f['status_code'])}` : signature(f);
}

function byChannel(frames: AriEventJson[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const f of frames) {
    if (f.type === 'RESTResponse') continue;
    const key = eventChannelId(f) ?? 'none';
    groups.set(key, [...(groups.get(key) ?? []), frameSignature(f)]);
  }
  return groups;
}

/** Responses and the events of the Stasis (;1) channel: the ;2 half interleaves freely on Asterisk too. */
function responsesAmongEvents(frames: AriEventJson[]): string[] {
  return frames.filter((f) => !(eventChannelId(f) ?? '').endsWith(';2')).map(frameSignature);
}

describe('sim: REST over the event WebSocket, trace replay (rest-over-websocket)', function () {
  this.timeout(15_000);
  let replay: WsReplay;
  let expected: AriEventJson[];
  before(async () => {
    replay = await replayWsTrace('rest-over-websocket');
    expected = traceIncoming(replay.entries);
  });

  it('answers every frame with the RESTResponse Asterisk gave: ids, status, reason, uri, body', () => {
    const mine = replay.received.filter((f) => f.type === 'RESTResponse');
    const theirs = expected.filter((f) => f.type === 'RESTResponse');
    expect(mine.map((f) => f['request_id'])).to.deep.equal(theirs.map((f) => f['request_id']));
    theirs.forEach((f, i) => {
      const where = `response #${i} (${String(f['request_id'])})`;
      expect(responseView(mine[i] as AriEventJson), where).to.deep.equal(responseView(f));
      expect(Object.keys(mine[i] as AriEventJson), `${where} field order`).to.deep.equal(Object.keys(f));
    });
  });

  it('puts each response where Asterisk did among the events its request caused', () => {
    expect(responsesAmongEvents(replay.received)).to.deep.equal(responsesAmongEvents(expected));
  });

  it('sends the same events, in the same order, for each channel', () => {
    const want = byChannel(expected);
    const got = byChannel(replay.received);
    expect([...got.keys()].sort()).to.deep.equal([...want.keys()].sort());
    for (const [key, list] of want) expect(got.get(key), key).to.deep.equal(list);
  });

  it(`times every frame within ${TIME_TOLERANCE_MS} ms of the real one`, () => {
    const mine = replay.received.map((f) => parseAriTime(String(f.timestamp)));
    const theirs = expected.map((f) => parseAriTime(String(f.timestamp)));
    const sorted = (xs: number[]): number[] => [...xs].sort((a, b) => a - b);
    sorted(theirs).forEach((t, i) => {
      const drift = (sorted(mine)[i] ?? NaN) - t;
      expect(Math.abs(drift), `frame #${i} drift ${drift} ms`).to.be.at.most(TIME_TOLERANCE_MS);
    });
  });
});

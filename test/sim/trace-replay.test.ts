/**
 * Replays every recorded Asterisk 22.10.1 trace against the simulator and
 * checks REST replies, per-channel event order and content, field names and
 * event timing (the simulator's virtual clock is aligned with the trace).
 */
import { expect } from 'chai';
import { eventChannelId, parseAriTime, type AriEventJson } from './support/event-recorder.js';
import { normalize, replayTrace, signature, traceEvents, type Replay } from './support/trace-replay.js';

const TRACES = [
  'answer-play-hangup',
  'app-reconnect-orphans',
  'caller-hangs-up-during-playback',
  'dial-answer-bridge',
  'dial-busy',
  'dial-noanswer-timeout',
  'dtmf-digits',
  'errors',
  'moh-hold',
  'record-voice',
  'talk-detect',
];

/** Events may interleave differently across channels (they do on Asterisk too), so compare per channel. */
function byChannel(events: AriEventJson[]): Map<string, AriEventJson[]> {
  const groups = new Map<string, AriEventJson[]>();
  for (const e of events) {
    const key = eventChannelId(e) ?? 'none';
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return groups;
}

/** A POST .../play reply races PlaybackStarted on Asterisk: "queued" or "playing" are both right. */
function restBody(path: string, body: unknown): unknown {
  const n = normalize(body) as Record<string, unknown> | null;
  if (n && /\/play(\/|\?|$)/.test(path) && n.state === 'playing') return { ...n, state: 'queued' };
  return n;
}

const TIME_TOLERANCE_MS = 25;

describe('sim: trace replay', function () {
  this.timeout(10_000);

  for (const name of TRACES) {
    describe(name, () => {
      let replay: Replay;
      before(async () => {
        replay = await replayTrace(name);
      });

      it('answers each REST request with the status and body Asterisk gave', () => {
        for (const { entry, reply } of replay.replies) {
          const where = `${entry.method ?? ''} ${entry.path ?? ''}`;
          expect(reply.status, where).to.equal(entry.status);
          expect(restBody(entry.path ?? '', reply.body), where).to.deep.equal(restBody(entry.path ?? '', entry.response));
        }
      });

      it('sends the same events, in the same order, for each channel', () => {
        const expected = byChannel(traceEvents(replay.entries));
        const actual = byChannel(replay.events);
        expect([...actual.keys()].sort()).to.deep.equal([...expected.keys()].sort());
        for (const [key, list] of expected) {
          expect((actual.get(key) ?? []).map(signature), key).to.deep.equal(list.map(signature));
        }
      });

      it('uses the field names and order of the real events', () => {
        const seen = new Set<string>();
        for (const e of traceEvents(replay.entries)) {
          if (seen.has(e.type)) continue;
          seen.add(e.type);
          const mine = replay.events.find((m) => m.type === e.type);
          expect(mine, e.type).to.not.equal(undefined);
          expect(Object.keys(mine ?? {}), e.type).to.deep.equal(Object.keys(e));
          const channel = (e.channel ?? e.peer) as Record<string, unknown> | undefined;
          if (channel) expect(Object.keys((mine?.channel ?? mine?.peer) as object), `${e.type} channel`).to.deep.equal(Object.keys(channel));
        }
      });

      it(`times every event within ${TIME_TOLERANCE_MS} ms of the real one`, () => {
        const expected = byChannel(traceEvents(replay.entries));
        const actual = byChannel(replay.events);
        for (const [key, list] of expected) {
          list.forEach((e, i) => {
            const mine = actual.get(key)?.[i];
            const drift = parseAriTime(String(mine?.timestamp)) - parseAriTime(String(e.timestamp));
            expect(Math.abs(drift), `${key} #${i} ${e.type} drift ${drift} ms`).to.be.at.most(TIME_TOLERANCE_MS);
          });
        }
      });
    });
  }
});

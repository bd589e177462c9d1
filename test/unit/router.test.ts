import { expect } from 'chai';
import { EventRouter } from '../../src/ari/router.js';
import type { AriEvent, Channel } from '../../src/ari/types.js';

const ch = (id: string): Channel => ({
  id, name: `PJSIP/${id}`, state: 'Up', caller: { name: '', number: '' }, connected: { name: '', number: '' },
  accountcode: '', dialplan: { context: 'c', exten: 's', priority: 1 }, creationtime: '', language: 'en',
});

describe('EventRouter', () => {
  it('delivers a channel event only to that channel and a Dial event to its peer', () => {
    const r = new EventRouter();
    const a: string[] = [];
    const b: string[] = [];
    r.onChannel('a', (e) => a.push(e.type));
    r.onChannel('b', (e) => b.push(e.type));
    r.dispatch({ type: 'ChannelDtmfReceived', digit: '1', duration_ms: 100, channel: ch('a') });
    r.dispatch({ type: 'Dial', dialstatus: 'BUSY', peer: ch('b') });
    expect(a).to.deep.equal(['ChannelDtmfReceived']);
    expect(b).to.deep.equal(['Dial']);
  });

  it('drops every listener of a channel once its StasisEnd is delivered', () => {
    const r = new EventRouter();
    let n = 0;
    r.onChannel('a', () => n++);
    r.onChannel('a', () => n++);
    expect(r.counts().channelListeners).to.equal(2);
    r.dispatch({ type: 'StasisEnd', channel: ch('a') });
    expect(n).to.equal(2);
    expect(r.counts()).to.deep.equal({ channels: 0, channelListeners: 0, playbacks: 0, recordings: 0 });
    expect(r.dispatch({ type: 'ChannelDestroyed', cause: 16, cause_txt: 'Normal Clearing', channel: ch('a') })).to.equal(false);
  });

  it('a listener added or removed during an event takes effect from the next event', () => {
    const r = new EventRouter();
    const seen: string[] = [];
    const dtmf: AriEvent = { type: 'ChannelDtmfReceived', digit: '1', duration_ms: 100, channel: ch('a') };
    let offSecond: () => void = () => undefined;
    const late = (): number => seen.push('late');
    r.onChannel('a', () => {
      seen.push('first');
      offSecond();
      r.onChannel('a', late);
    });
    offSecond = r.onChannel('a', () => seen.push('second'));
    r.dispatch(dtmf);
    expect(seen).to.deep.equal(['first', 'second']);
    seen.length = 0;
    r.dispatch(dtmf);
    expect(seen).to.deep.equal(['first', 'late']);
    expect(r.counts().channelListeners).to.equal(2);
  });

  it('routes playback events by playback id and unsubscribes cleanly', () => {
    const r = new EventRouter();
    const got: string[] = [];
    const off = r.onPlayback('pb-1', (e) => got.push(e.playback.state));
    const ev = (state: 'playing' | 'done'): AriEvent => ({
      type: state === 'done' ? 'PlaybackFinished' : 'PlaybackStarted',
      playback: { id: 'pb-1', media_uri: 'sound:x', target_uri: 'channel:a', language: 'en', state },
    });
    r.dispatch(ev('playing'));
    off();
    r.dispatch(ev('done'));
    expect(got).to.deep.equal(['playing']);
    expect(r.counts().playbacks).to.equal(0);
  });
});

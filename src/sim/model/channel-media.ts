/**
 * What we send a channel's far end besides playbacks: answer, ringing
 * indication, music on hold; and what arrives from it: DTMF. Ringing on an
 * answered channel and MOH are channel generators in Asterisk, so starting
 * one replaces the other, and opening a sound file stops both (file.c).
 */
import type { SimContext } from '../core/sim-context.js';
import type { Channel, ChannelState } from './channel.js';
import { TalkDetector } from './talk-detector.js';

/** DTMF digits on this Asterisk report 100 ms (dtmf trace). */
export const DTMF_DURATION_MS = 100;

/** Channel state, indications, MOH and DTMF. */
export class ChannelMedia {
  private readonly talkDetectors = new Map<string, TalkDetector>();

  constructor(private readonly ctx: SimContext) {}

  /** Changes state with a ChannelStateChange event. */
  setState(ch: Channel, state: ChannelState): void {
    if (ch.state === state || ch.phase === 'destroyed') return;
    ch.state = state;
    this.ctx.publish.stateChange(ch);
    this.ctx.channels.refreshDevice(ch);
    ch.signal({ kind: 'state', state });
    if (state === 'Up' && ch.heard.ringing === 'indicated') this.stopRinging(ch, 'answered');
  }

  /** Answers the channel if it is not up yet. */
  answer(ch: Channel): void {
    if (ch.state !== 'Up') this.setState(ch, 'Up');
  }

  /** Starts MOH of a class (any class plays: unknown ones fall back to default). */
  startMoh(ch: Channel, mohClass: string): void {
    if (ch.heard.ringing === 'inband') this.stopRinging(ch, 'replaced by moh');
    if (ch.heard.moh !== undefined) this.stopMoh(ch, 'restarted');
    ch.heard.moh = mohClass;
    ch.signal({ kind: 'moh-started', mohClass });
    ch.signal({ kind: 'media-out', source: 'moh' });
  }

  /** Stops MOH if it plays. */
  stopMoh(ch: Channel, reason = 'stopped'): void {
    if (ch.heard.moh === undefined) return;
    ch.heard.moh = undefined;
    ch.signal({ kind: 'moh-stopped', reason });
  }

  /** Indicates ringing: signalling before answer, an in-band tone after. */
  startRinging(ch: Channel): void {
    if (ch.state === 'Up') {
      if (ch.heard.moh !== undefined) this.stopMoh(ch, 'replaced by ringing');
      if (ch.heard.ringing === 'inband') return;
      ch.heard.ringing = 'inband';
      ch.signal({ kind: 'media-out', source: 'ringing' });
    } else {
      if (ch.heard.ringing !== 'none') return;
      ch.heard.ringing = 'indicated';
    }
    ch.signal({ kind: 'ringing-started' });
  }

  /** Stops ringing if it is indicated. */
  stopRinging(ch: Channel, reason = 'stopped'): void {
    if (ch.heard.ringing === 'none') return;
    ch.heard.ringing = 'none';
    ch.signal({ kind: 'ringing-stopped', reason });
  }

  /** A sound file is being opened on the channel: generators (MOH, in-band ringing) stop. */
  deactivateGenerator(ch: Channel, reason: string): void {
    this.stopMoh(ch, reason);
    if (ch.heard.ringing === 'inband') this.stopRinging(ch, reason);
  }

  /** The far end pressed a key: ChannelDtmfReceived. */
  receiveDtmf(ch: Channel, digit: string): void {
    if (!ch.live) return;
    this.ctx.publish.dtmf(ch, digit, DTMF_DURATION_MS);
    ch.signal({ kind: 'dtmf-received', digit });
  }

  /** TALK_DETECT(set): starts talk detection with the given silence threshold. */
  enableTalkDetect(ch: Channel, silenceMs: number): void {
    this.disableTalkDetect(ch);
    ch.talkDetect = { silenceMs };
    const detector = new TalkDetector(this.ctx, ch, silenceMs);
    this.talkDetectors.set(ch.id, detector);
    ch.cleanups.push(() => this.disableTalkDetect(ch));
  }

  /** TALK_DETECT(remove). */
  disableTalkDetect(ch: Channel): void {
    this.talkDetectors.get(ch.id)?.stop();
    this.talkDetectors.delete(ch.id);
    ch.talkDetect = undefined;
  }

  /** Hangup: whatever we were sending stops (for caller logs). */
  silence(ch: Channel): void {
    this.stopMoh(ch, 'hangup');
    this.stopRinging(ch, 'hangup');
  }
}

/**
 * Builds ARI events with Asterisk's field order and sends them to the apps
 * that would receive them: apps subscribed to the channel (or bridge), plus
 * apps connected with subscribeAll.
 */
import { causeText } from '../core/causes.js';
import type { AriEvent } from '../core/event-hub.js';
import type { SimContext } from '../core/sim-context.js';
import { asteriskTimestamp } from '../core/time-format.js';
import type { Channel } from './channel.js';
import { channelJson } from './json-shapes.js';

/** Event construction and routing. */
export class Publisher {
  constructor(private readonly ctx: SimContext) {}

  /** Apps that receive events about this channel. */
  appsForChannel(ch: Channel): string[] {
    return [...ch.subscribedApps(), ...this.ctx.hub.subscribeAllApps()];
  }

  /** Sends a finished event to the given apps. */
  send(apps: Iterable<string>, event: AriEvent): void {
    this.ctx.hub.deliver(apps, event);
  }

  /** ChannelStateChange. */
  stateChange(ch: Channel): void {
    this.toChannel(ch, { type: 'ChannelStateChange', timestamp: this.ts(), channel: channelJson(ch) });
  }

  /** ChannelVarset (variable and value lead, as on the wire). */
  varset(ch: Channel, variable: string, value: string): void {
    this.toChannel(ch, { variable, value, type: 'ChannelVarset', timestamp: this.ts(), channel: channelJson(ch) });
  }

  /** ChannelDialplan for the app the channel just started. */
  dialplan(ch: Channel): void {
    this.toChannel(ch, {
      type: 'ChannelDialplan',
      timestamp: this.ts(),
      dialplan_app: ch.dialplan.app_name,
      dialplan_app_data: ch.dialplan.app_data,
      channel: channelJson(ch),
    });
  }

  /** ChannelHangupRequest; `soft` only appears on soft hangups. */
  hangupRequest(ch: Channel, cause: number, soft: boolean): void {
    const lead: Record<string, unknown> = soft ? { cause, soft: true } : { cause };
    this.toChannel(ch, { ...lead, type: 'ChannelHangupRequest', timestamp: this.ts(), channel: channelJson(ch) });
  }

  /** ChannelDestroyed with the Q.850 cause and its text. */
  destroyed(ch: Channel, cause: number): void {
    this.toChannel(ch, {
      type: 'ChannelDestroyed',
      timestamp: this.ts(),
      cause,
      cause_txt: causeText(cause),
      channel: channelJson(ch),
    });
  }

  /** StasisStart, to the app the channel entered only (not to subscribeAll observers). */
  stasisStart(ch: Channel, app: string, args: string[]): void {
    this.send([app], { type: 'StasisStart', timestamp: this.ts(), args: [...args], channel: channelJson(ch) });
  }

  /** StasisEnd, to the app the channel leaves only. */
  stasisEnd(ch: Channel, app: string): void {
    this.send([app], { type: 'StasisEnd', timestamp: this.ts(), channel: channelJson(ch) });
  }

  /** Dial, with the dialed channel as peer. */
  dial(ch: Channel, dialstatus: string, dialstring: string): void {
    this.toChannel(ch, {
      type: 'Dial',
      timestamp: this.ts(),
      dialstatus,
      forward: '',
      dialstring,
      peer: channelJson(ch),
    });
  }

  /** ChannelDtmfReceived. */
  dtmf(ch: Channel, digit: string, durationMs: number): void {
    this.toChannel(ch, {
      type: 'ChannelDtmfReceived',
      timestamp: this.ts(),
      digit,
      duration_ms: durationMs,
      channel: channelJson(ch),
    });
  }

  /** ChannelTalkingStarted. */
  talkingStarted(ch: Channel): void {
    this.toChannel(ch, { type: 'ChannelTalkingStarted', timestamp: this.ts(), channel: channelJson(ch) });
  }

  /** ChannelTalkingFinished with the talk duration in ms. */
  talkingFinished(ch: Channel, duration: number): void {
    this.toChannel(ch, { duration, type: 'ChannelTalkingFinished', timestamp: this.ts(), channel: channelJson(ch) });
  }

  /** PlaybackStarted / PlaybackContinuing / PlaybackFinished about a channel's playback. */
  playback(ch: Channel, type: string, playback: Record<string, unknown>): void {
    this.toChannel(ch, { type, timestamp: this.ts(), playback });
  }

  /** RecordingStarted / RecordingFinished / RecordingFailed about a channel's recording. */
  recording(ch: Channel, type: string, recording: Record<string, unknown>): void {
    this.toChannel(ch, { type, timestamp: this.ts(), recording });
  }

  /** ChannelEnteredBridge / ChannelLeftBridge to the channel's and the bridge's apps. */
  bridgeChannel(type: string, bridge: Record<string, unknown>, ch: Channel, bridgeApps: string[]): void {
    this.send([...this.appsForChannel(ch), ...bridgeApps], { type, timestamp: this.ts(), bridge, channel: channelJson(ch) });
  }

  /** BridgeDestroyed to the bridge's apps. */
  bridgeDestroyed(bridge: Record<string, unknown>, bridgeApps: string[]): void {
    this.send([...bridgeApps, ...this.ctx.hub.subscribeAllApps()], { type: 'BridgeDestroyed', timestamp: this.ts(), bridge });
  }

  private toChannel(ch: Channel, event: AriEvent): void {
    this.send(this.appsForChannel(ch), event);
  }

  private ts(): string {
    return asteriskTimestamp(this.ctx.clock.now());
  }
}

/**
 * Creating outbound channels over ARI: originate (POST /channels), create
 * (POST /channels/create) and dial (POST /channels/{id}/dial), with the
 * checks and error bodies of resource_channels.c.
 */
import { allocationFailed, AriError } from '../core/ari-error.js';
import type { SimContext } from '../core/sim-context.js';
import { AgentPhone } from './agent-phone.js';
import { setChannelVariable } from './channel-variables.js';
import type { Channel, PartyId } from './channel.js';
import { endpointName, parseEndpoint, PHONE_TECHS, type ParsedEndpoint } from './endpoints.js';
import { createLocalPair } from './local-channels.js';
import { LocalDialplan } from './local-dialplan.js';
import { OutboundLeg, type FarEnd } from './outbound-leg.js';

/** POST /channels parameters. */
export interface OriginateParams {
  endpoint?: string;
  app?: string;
  appArgs?: string;
  extension?: string;
  channelId?: string;
  otherChannelId?: string;
  callerId?: string;
  timeoutSec: number;
  variables: Record<string, string>;
}

/** POST /channels/create parameters. */
export interface CreateParams {
  endpoint?: string;
  app?: string;
  appArgs?: string;
  channelId?: string;
  otherChannelId?: string;
  variables: Record<string, string>;
}

/** A request's result: the new channel and what to do once the response is out. */
export interface Created {
  channel: Channel;
  after: () => void;
}

/**
 * What the reference box answered for an unknown technology: ast_dial_prerun
 * fails and resource_channels.c reads ast_channel_errno(), which was stale
 * (left at "ID exists" by the previous request), so 409 (errors trace).
 */
function unknownTechFailed(): AriError {
  return new AriError(409, 'Channel with given unique ID already exists');
}

/** Outbound channel creation and dialing. */
export class Dialing {
  constructor(private readonly ctx: SimContext) {}

  /** POST /channels. */
  originate(p: OriginateParams): Created {
    const target = this.checkEndpoint(p.endpoint);
    if (!p.app && !p.extension) throw new AriError(400, 'Application or extension must be specified');
    const caller = parseCallerId(p.callerId);
    const { channel, farEnd } = this.makeChannel(target, 'originate', p.channelId, p.otherChannelId, caller);
    for (const [k, v] of Object.entries(p.variables)) channel.vars.set(k, v);
    if (p.app) {
      channel.subscribe(p.app);
      if (channel.localPeer) channel.localPeer.subscribe(p.app);
    }
    const timeoutMs = p.timeoutSec > 0 ? p.timeoutSec * 1000 : p.timeoutSec === -1 ? 0 : 30_000;
    const leg = new OutboundLeg(this.ctx, channel, 'originate', target.resource, {
      app: p.app,
      appArgs: splitArgs(p.appArgs),
      timeoutMs,
    });
    return {
      channel,
      after: () => {
        leg.start();
        farEnd.start(leg);
      },
    };
  }

  /** POST /channels/create: the channel enters Stasis a moment after the response. */
  create(p: CreateParams): Created {
    const target = this.checkEndpoint(p.endpoint);
    const { channel } = this.makeChannel(target, 'create', p.channelId, p.otherChannelId, undefined);
    channel.dialstring = target.resource;
    for (const [k, v] of Object.entries(p.variables)) {
      // CALLERID(num|name) set at create time is the caller ID the far end is shown.
      if (/^CALLERID\(/i.test(k)) setChannelVariable(this.ctx, channel, k, v);
      else channel.vars.set(k, v);
    }
    const app = p.app ?? '';
    if (app) channel.subscribe(app);
    return {
      channel,
      after: () => {
        // Asterisk starts the Stasis thread after answering the request; until
        // then POST /dial on it answers 409 "Channel not in Stasis application".
        channel.timers.after(1, () => {
          if (!this.ctx.stasis.enter(channel, app, splitArgs(p.appArgs), true)) {
            this.ctx.lifecycle.hangup(channel, { cause: 16, by: 'asterisk' });
          }
        });
      },
    };
  }

  /** POST /channels/{id}/dial: checks now, dials through the channel's command queue. */
  dial(channelId: string, callerId: string | undefined, timeoutSec: number): () => void {
    const ch = this.ctx.channels.requireInStasis(channelId);
    if (ch.state !== 'Down' && ch.state !== 'Rsrvd') throw new AriError(409, "Channel is not in the 'Down' state");
    if (ch.origin !== 'create' || ch.dialstring === undefined) throw new AriError(409, 'Dialing a channel not created by ARI');
    if (ch.dialed) throw new AriError(409, "Channel is not in the 'Down' state");
    const caller = callerId ? this.ctx.channels.find(callerId) : undefined;
    if (caller) {
      ch.connected = { ...caller.caller };
      ch.language = caller.language;
    }
    ch.dialed = true;
    const dialstring = ch.dialstring;
    const leg = new OutboundLeg(this.ctx, ch, 'ari-dial', dialstring, { timeoutMs: Math.max(0, timeoutSec) * 1000 });
    const farEnd = this.farEndFor(ch);
    return () =>
      ch.control.enqueue({
        name: 'dial',
        run: (done) => {
          leg.start();
          farEnd.start(leg);
          done();
        },
      });
  }

  private checkEndpoint(endpoint: string | undefined): ParsedEndpoint {
    if (!endpoint) throw new AriError(400, 'Endpoint must be specified');
    const parsed = parseEndpoint(endpoint);
    if (!parsed) throw new AriError(400, 'Invalid endpoint specified');
    return parsed;
  }

  private makeChannel(
    target: ParsedEndpoint,
    origin: 'originate' | 'create',
    id: string | undefined,
    otherId: string | undefined,
    caller: PartyId | undefined,
  ): { channel: Channel; farEnd: FarEnd } {
    if (target.tech === 'Local') {
      const { one, two } = createLocalPair(this.ctx, { resource: target.resource, id, otherId, origin, caller });
      return { channel: one, farEnd: new LocalDialplan(this.ctx, one, two) };
    }
    if (!PHONE_TECHS.has(target.tech)) throw unknownTechFailed();
    // The channel driver refuses an endpoint it cannot reach (undefined,
    // unregistered): a real 22.10.1 answers 500 {"error":"Allocation failed"}.
    if (this.ctx.endpoints.behaviourFor(target.tech, target.resource).kind === 'unavailable') throw allocationFailed();
    const channelId = id && id.length > 0 ? id : this.ctx.ids.uniqueId();
    const name = `${target.tech}/${endpointName(target.resource)}-${this.ctx.ids.nameSuffix(target.tech)}`;
    const channel = this.ctx.channels.create({
      id: channelId,
      name,
      tech: target.tech,
      resource: target.resource,
      state: 'Down',
      origin,
      dialplan: {
        context: 'default',
        exten: 's',
        priority: 1,
        app_name: origin === 'originate' ? 'AppDial2' : '',
        app_data: origin === 'originate' ? '(Outgoing Line)' : '',
      },
      caller,
      connected: caller,
      protocolId: target.tech === 'PJSIP' ? this.ctx.ids.uuid() : '',
      continuousMedia: true,
    });
    return { channel, farEnd: new AgentPhone(this.ctx) };
  }

  private farEndFor(ch: Channel): FarEnd {
    if (ch.tech === 'Local' && ch.localPeer) return new LocalDialplan(this.ctx, ch, ch.localPeer);
    return new AgentPhone(this.ctx);
  }
}

/** Splits appArgs as Stasis() does (comma separated; none when empty). */
export function splitArgs(appArgs: string | undefined): string[] {
  if (!appArgs) return [];
  return appArgs.split(',');
}

/** Parses `"Name" <number>`, `Name <number>` or a bare number. */
export function parseCallerId(callerId: string | undefined): PartyId | undefined {
  if (!callerId) return undefined;
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(callerId);
  if (m) return { name: (m[1] ?? '').trim(), number: (m[2] ?? '').trim() };
  return { name: '', number: callerId.trim() };
}

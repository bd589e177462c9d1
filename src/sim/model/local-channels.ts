/**
 * Local channel pairs: `Local/<exten>@<context>[/opts]` makes a ;1 half (the
 * one ARI works with) and a ;2 half that runs <exten>@<context> in the
 * dialplan. Ids: the chosen id and "<id>;2"; names share one counter.
 */
import { AriError } from '../core/ari-error.js';
import type { SimContext } from '../core/sim-context.js';
import type { Channel, ChannelOrigin, PartyId } from './channel.js';

/** Target of a Local channel. */
export interface LocalTarget {
  exten: string;
  context: string;
}

/** Parses "exten@context/options" (context defaults to "default"). */
export function parseLocalResource(resource: string): LocalTarget {
  const noOpts = resource.split('/')[0] ?? resource;
  const at = noOpts.indexOf('@');
  if (at < 0) return { exten: noOpts, context: 'default' };
  return { exten: noOpts.slice(0, at), context: noOpts.slice(at + 1) || 'default' };
}

/** Options for a new pair. */
export interface LocalPairInit {
  resource: string;
  id?: string;
  otherId?: string;
  origin: Extract<ChannelOrigin, 'originate' | 'create'>;
  caller?: PartyId;
  language?: string;
}

/** Creates both halves, linked; 409 if an id is taken. */
export function createLocalPair(ctx: SimContext, init: LocalPairInit): { one: Channel; two: Channel } {
  const target = parseLocalResource(init.resource);
  const id = init.id && init.id.length > 0 ? init.id : ctx.ids.uniqueId();
  const otherId = init.otherId && init.otherId.length > 0 ? init.otherId : init.id ? `${id};2` : ctx.ids.uniqueId();
  if (ctx.channels.has(id) || ctx.channels.has(otherId)) throw new AriError(409, 'Channel with given unique ID already exists');
  const base = `Local/${target.exten}@${target.context}-${ctx.ids.nameSuffix('Local')}`;
  const originated = init.origin === 'originate';
  const one = ctx.channels.create({
    id,
    name: `${base};1`,
    tech: 'Local',
    resource: init.resource,
    state: 'Down',
    origin: init.origin,
    dialplan: {
      context: target.context,
      exten: target.exten,
      priority: 1,
      app_name: originated ? 'AppDial2' : '',
      app_data: originated ? '(Outgoing Line)' : '',
    },
    caller: init.caller,
    connected: init.caller,
    language: init.language,
    continuousMedia: false,
  });
  const two = ctx.channels.create({
    id: otherId,
    name: `${base};2`,
    tech: 'Local',
    resource: init.resource,
    state: 'Ring',
    origin: 'local-peer',
    dialplan: { context: target.context, exten: target.exten, priority: 1, app_name: '', app_data: '' },
    caller: init.caller,
    connected: init.caller,
    language: init.language,
    continuousMedia: false,
  });
  one.localPeer = two;
  one.localHalf = 1;
  two.localPeer = one;
  two.localHalf = 2;
  return { one, two };
}

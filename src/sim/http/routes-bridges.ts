/** /bridges routes, with the checks and messages of resource_bridges.c. */
import { AriError } from '../core/ari-error.js';
import type { SimContext } from '../core/sim-context.js';
import type { Channel } from '../model/channel.js';
import type { AriRequest, AriResponse } from './request.js';
import type { Router } from './router.js';

/** Adds the bridge routes. */
export function addBridgeRoutes(router: Router, ctx: SimContext): void {
  /** The channel list of addChannel/removeChannel: 400/422 as find_channel_control answers. */
  const stasisChannels = (req: AriRequest): Channel[] => {
    const ids = req.list('channel');
    if (ids.length === 0) throw new AriError(400, 'Missing parameter channel');
    return ids.map((id) => {
      const ch = ctx.channels.find(id);
      if (!ch) throw new AriError(400, 'Channel not found');
      if (!ch.stasis || !ch.live) throw new AriError(422, 'Channel not in Stasis application');
      return ch;
    });
  };
  const create = (req: AriRequest, id: string | undefined): AriResponse => {
    const bridge = ctx.bridges.create(req.str('type'), id, req.str('name'));
    return { status: 200, body: ctx.bridges.json(bridge) };
  };

  router.add('GET', '/bridges', () => ({ status: 200, body: ctx.bridges.all().map((b) => ctx.bridges.json(b)) }));
  router.add('POST', '/bridges', (req) => create(req, req.str('bridgeId')));
  router.add('POST', '/bridges/:bridgeId', (req) => create(req, req.pathParam('bridgeId')));
  router.add('GET', '/bridges/:bridgeId', (req) => ({ status: 200, body: ctx.bridges.json(ctx.bridges.require(req.pathParam('bridgeId'))) }));
  router.add('DELETE', '/bridges/:bridgeId', (req) => {
    const bridge = ctx.bridges.require(req.pathParam('bridgeId'));
    return { status: 204, after: () => ctx.bridges.destroy(bridge) };
  });

  router.add('POST', '/bridges/:bridgeId/addChannel', (req) => {
    const bridge = ctx.bridges.require(req.pathParam('bridgeId'));
    const channels = stasisChannels(req);
    for (const ch of channels) {
      if (ctx.recordings.isRecording(ch)) throw new AriError(409, `Channel ${ch.id} currently recording`);
    }
    // Synchronous on Asterisk: the events precede the reply (dial-answer-bridge trace).
    for (const ch of channels) ctx.bridges.join(bridge, ch);
    return { status: 204 };
  });

  router.add('POST', '/bridges/:bridgeId/removeChannel', (req) => {
    const bridge = ctx.bridges.require(req.pathParam('bridgeId'));
    const channels = stasisChannels(req);
    for (const ch of channels) {
      if (ch.bridgeId !== bridge.id) throw new AriError(422, 'Channel not in this bridge');
    }
    for (const ch of channels) ctx.bridges.leave(ch);
    return { status: 204 };
  });
}

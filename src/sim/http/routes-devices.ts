/** /deviceStates, /endpoints and /applications/{app}/subscription routes. */
import { AriError } from '../core/ari-error.js';
import type { SimContext } from '../core/sim-context.js';
import type { AriRequest, AriResponse } from './request.js';
import type { Router } from './router.js';

/** Adds device state, endpoint and event-subscription routes. */
export function addDeviceRoutes(router: Router, ctx: SimContext): void {
  const ds = ctx.deviceStates;
  router.add('GET', '/deviceStates', () => ({ status: 200, body: ds.listJson() }));
  router.add('GET', '/deviceStates/:deviceName', (req) => ({ status: 200, body: ds.json(req.pathParam('deviceName')) }));
  router.add('PUT', '/deviceStates/:deviceName', (req) => {
    const state = req.str('deviceState');
    if (!state) throw new AriError(400, 'Missing parameter deviceState');
    ds.setControlled(req.pathParam('deviceName'), state);
    return { status: 204 };
  });

  router.add('GET', '/endpoints', () => ({ status: 200, body: ds.endpointsJson() }));
  router.add('GET', '/endpoints/:tech', (req) => {
    const list = ds.endpointsJson(req.pathParam('tech'));
    if (list.length === 0) throw new AriError(404, 'No Endpoints found - invalid tech ' + req.pathParam('tech'));
    return { status: 200, body: list };
  });
  router.add('GET', '/endpoints/:tech/:resource', (req) => ({
    status: 200,
    body: ds.endpointByName(req.pathParam('tech'), req.pathParam('resource')),
  }));

  router.add('POST', '/applications/:applicationName/subscription', (req) => subscription(ctx, req, 1));
  router.add('DELETE', '/applications/:applicationName/subscription', (req) => subscription(ctx, req, -1));
}

function subscription(ctx: SimContext, req: AriRequest, delta: 1 | -1): AriResponse {
  const app = req.pathParam('applicationName');
  const sources = req.list('eventSource');
  if (sources.length === 0) throw new AriError(400, 'Missing parameter eventSource');
  if (!ctx.stasis.names().includes(app)) throw new AriError(404, 'Application not found');
  const devices: string[] = [];
  for (const source of sources) {
    const colon = source.indexOf(':');
    const scheme = colon > 0 ? source.slice(0, colon) : '';
    const name = source.slice(colon + 1);
    if (!['channel', 'bridge', 'endpoint', 'deviceState'].includes(scheme)) throw new AriError(400, 'Invalid event source URI scheme');
    // The sim models only device-state subscriptions; other sources are refused, not faked.
    if (scheme !== 'deviceState' || name === '') throw new AriError(422, 'Event source does not exist');
    devices.push(name);
  }
  if (delta === -1) {
    for (const d of devices) if (!ctx.deviceStates.isSubscribed(app, d)) throw new AriError(409, 'Application not subscribed to event source');
  }
  for (const d of devices) ctx.deviceStates.subscribe(app, d, delta);
  return { status: 200, body: ctx.stasis.json(app) };
}

/** /playbacks, /recordings, /applications and /asterisk routes. */
import type { SimContext } from '../core/sim-context.js';
import { ASTERISK_ID } from '../core/event-hub.js';
import { asteriskTimestamp } from '../core/time-format.js';
import type { Router } from './router.js';

/** The version this simulator imitates. */
export const ASTERISK_VERSION = '22.10.1';

/** Adds playback, recording, application and system routes. */
export function addMiscRoutes(router: Router, ctx: SimContext, startedAt: number): void {
  router.add('GET', '/playbacks/:playbackId', (req) => ({ status: 200, body: ctx.playbacks.json(req.pathParam('playbackId')) }));
  router.add('DELETE', '/playbacks/:playbackId', (req) => {
    ctx.playbacks.stop(req.pathParam('playbackId'));
    return { status: 204 };
  });

  router.add('GET', '/recordings/stored', () => ({ status: 200, body: ctx.recordings.listStored() }));
  router.add('GET', '/recordings/stored/:recordingName', (req) => ({ status: 200, body: ctx.recordings.storedJson(req.pathParam('recordingName')) }));
  // The recorded file itself, as Asterisk serves it from its recording spool.
  router.add('GET', '/recordings/stored/:recordingName/file', (req) => ({ status: 200, raw: ctx.recordings.storedFile(req.pathParam('recordingName')) }));
  router.add('DELETE', '/recordings/stored/:recordingName', (req) => {
    ctx.recordings.deleteStored(req.pathParam('recordingName'));
    return { status: 204 };
  });
  router.add('GET', '/recordings/live/:recordingName', (req) => ({ status: 200, body: ctx.recordings.liveJson(req.pathParam('recordingName')) }));
  router.add('POST', '/recordings/live/:recordingName/stop', (req) => {
    ctx.recordings.liveJson(req.pathParam('recordingName'));
    return { status: 204, after: () => ctx.recordings.stop(req.pathParam('recordingName')) };
  });
  router.add('DELETE', '/recordings/live/:recordingName', (req) => {
    ctx.recordings.liveJson(req.pathParam('recordingName'));
    return { status: 204, after: () => ctx.recordings.cancel(req.pathParam('recordingName')) };
  });

  router.add('GET', '/applications', () => ({ status: 200, body: ctx.stasis.names().map((name) => ctx.stasis.json(name)) }));
  router.add('GET', '/applications/:applicationName', (req) => ({ status: 200, body: ctx.stasis.json(req.pathParam('applicationName')) }));

  router.add('GET', '/asterisk/ping', () => ({
    status: 200,
    body: { ping: 'pong', timestamp: asteriskTimestamp(ctx.clock.now()), asterisk_id: ASTERISK_ID },
  }));
  router.add('GET', '/asterisk/info', (req) => {
    const only = req.list('only');
    // config.setid is empty when Asterisk runs without runuser/rungroup (the rest-over-websocket trace).
    const all: Record<string, unknown> = {
      build: { os: 'Linux', kernel: '6.1.0', machine: 'x86_64', options: '', date: '2026-01-01 00:00:00 UTC', user: 'asterisk' },
      system: { version: ASTERISK_VERSION, entity_id: ASTERISK_ID },
      config: { name: '', default_language: 'en', setid: { user: '', group: '' } },
      status: { startup_time: asteriskTimestamp(startedAt), last_reload_time: asteriskTimestamp(startedAt) },
    };
    const body = only.length === 0 ? all : Object.fromEntries(Object.entries(all).filter(([k]) => only.includes(k)));
    return { status: 200, body };
  });
}

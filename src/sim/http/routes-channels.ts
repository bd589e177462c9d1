/**
 * /channels routes: list, get, originate, create, hangup, answer, ring, MOH,
 * variables, play, record, dial. Checks and messages follow
 * resource_channels.c. Synchronous commands (answer, variables) take effect
 * before the reply; asynchronous ones (MOH, ring, play, record, dial) go on
 * the channel's command queue after it, behind any running playback.
 */
import { AriError } from '../core/ari-error.js';
import { causeForReason } from '../core/causes.js';
import type { SimContext } from '../core/sim-context.js';
import type { Channel } from '../model/channel.js';
import { readChannelVariable, setChannelVariable } from '../model/channel-variables.js';
import { channelJson, playbackJson, recordingJson } from '../model/json-shapes.js';
import { parseIfExists, parseTerminateOn } from '../model/recordings.js';
import type { AriRequest, AriResponse } from './request.js';
import type { Router } from './router.js';

/** Media commands need an answered or inbound-ringing channel (channel_state_invalid). */
function requireUsableState(ch: Channel): void {
  if (ch.state === 'Down' || ch.state === 'Rsrvd' || ch.state === 'Ringing') throw new AriError(412, 'Channel in invalid state');
}

/** Queues an asynchronous command (MOH, ringing) on the channel after the reply. */
function queued(ch: Channel, name: string, effect: () => void): AriResponse {
  return {
    status: 204,
    after: () =>
      ch.control.enqueue({
        name,
        run: (done) => {
          effect();
          done();
        },
      }),
  };
}

/** Originate `variables`: strings or {value, report_events}. */
function originateVariables(req: AriRequest): Record<string, string> {
  const raw = req.object('variables');
  const vars: Record<string, string> = {};
  if (!raw) return vars;
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string') vars[key] = value;
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const v = (value as Record<string, unknown>).value;
      if (typeof v !== 'string') throw new AriError(400, "Each object value in 'variables' must include string field 'value'");
      vars[key] = v;
    } else {
      throw new AriError(400, "Each value in 'variables' must be a string or an object with 'value' and optional 'report_events'");
    }
  }
  return vars;
}

/** Adds the channel routes. */
export function addChannelRoutes(router: Router, ctx: SimContext): void {
  const originate = (req: AriRequest, channelId: string | undefined): AriResponse => {
    const created = ctx.dialing.originate({
      endpoint: req.str('endpoint'),
      app: req.str('app'),
      appArgs: req.str('appArgs'),
      extension: req.str('extension'),
      channelId,
      otherChannelId: req.str('otherChannelId'),
      callerId: req.str('callerId'),
      timeoutSec: req.int('timeout', 30),
      variables: originateVariables(req),
    });
    return { status: 200, body: channelJson(created.channel), after: created.after };
  };

  router.add('GET', '/channels', () => ({ status: 200, body: ctx.channels.all().map(channelJson) }));
  router.add('POST', '/channels', (req) => originate(req, req.str('channelId')));
  router.add('POST', '/channels/create', (req) => {
    const created = ctx.dialing.create({
      endpoint: req.str('endpoint'),
      app: req.str('app'),
      appArgs: req.str('appArgs'),
      channelId: req.str('channelId'),
      otherChannelId: req.str('otherChannelId'),
      variables: originateVariables(req),
    });
    return { status: 200, body: channelJson(created.channel), after: created.after };
  });
  router.add('GET', '/channels/:channelId', (req) => ({ status: 200, body: channelJson(ctx.channels.require(req.pathParam('channelId'))) }));
  router.add('POST', '/channels/:channelId', (req) => originate(req, req.pathParam('channelId')));

  router.add('DELETE', '/channels/:channelId', (req) => {
    const ch = ctx.channels.require(req.pathParam('channelId'));
    const reason = req.str('reason');
    const reasonCode = req.str('reason_code');
    if (reason && reasonCode) throw new AriError(400, "The reason and reason_code can't both be specified");
    let cause = 16;
    if (reasonCode) {
      const n = /^\s*[-+]?\d+/.exec(reasonCode);
      if (!n) throw new AriError(400, 'Invalid reason for hangup reason code provided');
      cause = Number.parseInt(n[0], 10);
    } else if (reason) {
      const c = causeForReason(reason);
      if (c === undefined) throw new AriError(400, 'Invalid reason for hangup reason provided');
      cause = c;
    }
    // AST_SOFTHANGUP_EXPLICIT (32) is what ChannelHangupRequest reports as the cause.
    return { status: 204, after: () => ctx.lifecycle.hangup(ch, { request: { cause: 32, soft: true }, cause, by: 'app' }) };
  });

  router.add('POST', '/channels/:channelId/answer', (req) => {
    const ch = ctx.channels.requireInStasis(req.pathParam('channelId'));
    requireUsableState(ch);
    // A synchronous command on Asterisk: done before the reply (a playback running
    // would hold the reply back there; the sim never delays replies in virtual time).
    ctx.channelMedia.answer(ch);
    return { status: 204 };
  });
  router.add('POST', '/channels/:channelId/ring', (req) => {
    const ch = ctx.channels.requireInStasis(req.pathParam('channelId'));
    requireUsableState(ch);
    return queued(ch, 'ring', () => ctx.channelMedia.startRinging(ch));
  });
  router.add('DELETE', '/channels/:channelId/ring', (req) => {
    const ch = ctx.channels.requireInStasis(req.pathParam('channelId'));
    requireUsableState(ch);
    return queued(ch, 'ring stop', () => ctx.channelMedia.stopRinging(ch));
  });
  router.add('POST', '/channels/:channelId/moh', (req) => {
    const ch = ctx.channels.requireInStasis(req.pathParam('channelId'));
    requireUsableState(ch);
    const mohClass = req.str('mohClass') ?? 'default';
    return queued(ch, 'moh', () => ctx.channelMedia.startMoh(ch, mohClass));
  });
  router.add('DELETE', '/channels/:channelId/moh', (req) => {
    const ch = ctx.channels.requireInStasis(req.pathParam('channelId'));
    requireUsableState(ch);
    return queued(ch, 'moh stop', () => ctx.channelMedia.stopMoh(ch));
  });

  router.add('POST', '/channels/:channelId/variable', (req) => {
    const variable = req.str('variable');
    if (!variable) throw new AriError(400, 'Variable name is required');
    const ch = ctx.channels.requireInStasis(req.pathParam('channelId'));
    const value = req.str('value') ?? '';
    // Synchronous on Asterisk: set (or failed) before the reply.
    setChannelVariable(ctx, ch, variable, value);
    return { status: 204 };
  });
  router.add('GET', '/channels/:channelId/variable', (req) => {
    const variable = req.str('variable');
    if (!variable) throw new AriError(400, 'Variable name is required');
    const ch = ctx.channels.find(req.pathParam('channelId'));
    if (!ch) throw new AriError(404, 'Provided channel was not found');
    return { status: 200, body: { value: readChannelVariable(ch, variable) } };
  });

  const play = (req: AriRequest, playbackId: string | undefined): AriResponse => {
    const ch = ctx.channels.requireInStasis(req.pathParam('channelId'));
    requireUsableState(ch);
    if (req.int('skipms', 3000) < 0) throw new AriError(400, 'skipms cannot be negative');
    if (req.int('offsetms', 0) < 0) throw new AriError(400, 'offsetms cannot be negative');
    const medias = req.list('media');
    if (medias.length === 0) throw new AriError(500, 'Failed to queue media for playback');
    const lang = req.str('lang') || ch.language;
    const pb = ctx.playbacks.prepare(ch, medias, lang, playbackId);
    return {
      status: 201,
      body: playbackJson(pb),
      headers: { Location: `/playbacks/${pb.id}` },
      after: () => ctx.playbacks.enqueue(ch, pb),
    };
  };
  router.add('POST', '/channels/:channelId/play', (req) => play(req, req.str('playbackId')));
  router.add('POST', '/channels/:channelId/play/:playbackId', (req) => play(req, req.pathParam('playbackId')));

  router.add('POST', '/channels/:channelId/record', (req) => {
    const maxDurationSeconds = req.int('maxDurationSeconds', 0);
    const maxSilenceSeconds = req.int('maxSilenceSeconds', 0);
    if (maxDurationSeconds < 0) throw new AriError(400, 'max_duration_seconds cannot be negative');
    if (maxSilenceSeconds < 0) throw new AriError(400, 'max_silence_seconds cannot be negative');
    const ch = ctx.channels.requireInStasis(req.pathParam('channelId'));
    const terminateKeys = parseTerminateOn(req.str('terminateOn'));
    if (terminateKeys === undefined) throw new AriError(400, 'terminateOn invalid');
    const ifExists = parseIfExists(req.str('ifExists'));
    if (ifExists === undefined) throw new AriError(400, 'ifExists invalid');
    const rec = ctx.recordings.prepare(ch, {
      name: req.str('name') ?? '',
      format: req.str('format') ?? '',
      maxDurationSeconds,
      maxSilenceSeconds,
      ifExists,
      beep: req.bool('beep', false),
      terminateKeys,
    });
    return {
      status: 201,
      body: recordingJson(rec),
      headers: { Location: `/recordings/live/${encodeURIComponent(rec.name)}` },
      after: () => ctx.recordings.enqueue(ch, rec),
    };
  });

  router.add('POST', '/channels/:channelId/dial', (req) => {
    const start = ctx.dialing.dial(req.pathParam('channelId'), req.str('caller'), req.int('timeout', 0));
    return { status: 204, after: start };
  });
}

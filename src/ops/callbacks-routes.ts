/**
 * The callback queue over HTTP: list (status, since), one request, done
 * and cancel by hand, a CSV export, and the caller's voice note (the
 * recorded name) as audio/wav.
 */
import type { Logger } from '../log/logger.js';
import type { CallbackQueue, CallbackRequest, CallbackStatus } from '../store/callback-queue.js';
import { toCsv } from './csv.js';
import { parseSince, send, sendError, sendJson } from './http-util.js';
import { maskNumber } from '../log/mask.js';
import { oggOpus, wavPcm } from './ogg-opus.js';
import { opusEncoder } from './opus-encoder.js';
import { recordingNameProblem } from './recording-name.js';
import { nameProblem } from '../security/safe-names.js';
import type { Route } from './route.js';
import { callbackListItem } from './views.js';

const STATUSES: readonly CallbackStatus[] = ['pending', 'dialing', 'completed', 'failed', 'cancelled'];

/** What the callback routes need. */
export interface CallbacksRoutesOptions {
  queue: CallbackQueue;
  logger: Logger;
  fetchRecording?: (name: string) => Promise<Buffer>;
  /** Told after a request was closed by hand (the live page refreshes). */
  changed: () => void;
}

/** Status and since filters from the query; a string when one is malformed. */
function filters(url: URL): { status?: CallbackStatus[]; since?: string } | string {
  const out: { status?: CallbackStatus[]; since?: string } = {};
  const status = url.searchParams.get('status');
  if (status) {
    const list = status.split(',').map((s) => s.trim());
    const bad = list.find((s) => !STATUSES.includes(s as CallbackStatus));
    if (bad !== undefined) return `status must be among ${STATUSES.join(', ')} (got ${bad})`;
    out.status = list as CallbackStatus[];
  }
  const since = parseSince(url.searchParams.get('since'));
  if (since !== undefined) {
    if (Number.isNaN(since)) return 'since must be an ISO time or epoch milliseconds';
    out.since = new Date(since).toISOString();
  }
  return out;
}

const CSV_HEADER = ['id', 'status', 'createdAt', 'updatedAt', 'target', 'reason', 'number', 'extension', 'lineType', 'language', 'callerNumber', 'attempts', 'lastOutcome', 'closedReason', 'hasVoiceNote'];

function csvRow(r: CallbackRequest, full: boolean): unknown[] {
  const n = (v: string | undefined): string => (full ? (v ?? '') : maskNumber(v));
  return [r.id, r.status, r.createdAt, r.updatedAt, r.target, r.reason, n(r.number), n(r.extension), r.lineType, r.language, n(r.callerNumber), r.attempts.length, r.attempts.at(-1)?.outcome ?? '', r.closedReason ?? '', r.nameRecording ? 'yes' : 'no'];
}

/** The callback routes over a queue. */
export function callbacksRoutes(o: CallbacksRoutesOptions): Route {
  return async ({ req, res, url, parts }) => {
    const [head, id, action, ...rest] = parts;
    if (head === 'callbacks.csv' && parts.length === 1 && req.method === 'GET') {
      const f = filters(url);
      if (typeof f === 'string') return (sendError(res, 400, f), true);
      // Masked like every list; whole numbers only when asked for by name (and logged).
      const full = url.searchParams.get('numbers') === 'full';
      const rows = await o.queue.list(f);
      if (full) o.logger.info('ops: callback CSV exported with whole numbers', { rows: rows.length });
      send(res, 200, 'text/csv; charset=utf-8', toCsv(CSV_HEADER, rows.map((r) => csvRow(r, full))), { 'content-disposition': 'attachment; filename="callbacks.csv"' });
      return true;
    }
    if (head !== 'callbacks' || rest.length > 0) return false;
    if (id === undefined) {
      if (req.method !== 'GET') return false;
      const f = filters(url);
      if (typeof f === 'string') return (sendError(res, 400, f), true);
      sendJson(res, 200, { callbacks: (await o.queue.list(f)).map(callbackListItem) });
      return true;
    }
    // Refused before the store or Asterisk sees it (src/security/safe-names.ts).
    const idProblem = nameProblem('callback-id', id);
    if (idProblem !== undefined) return (sendError(res, 400, `not a callback request id: it ${idProblem}`), true);
    if (action === undefined && req.method === 'GET') {
      const r = await o.queue.get(id);
      if (!r) return (sendError(res, 404, 'no such callback request'), true);
      sendJson(res, 200, r);
      return true;
    }
    if ((action === 'done' || action === 'cancel') && req.method === 'POST') {
      const r = await o.queue.get(id);
      if (!r) return (sendError(res, 404, 'no such callback request'), true);
      const ok = action === 'done' ? await o.queue.markDone(id, 'ops') : await o.queue.cancel(id, 'ops');
      if (!ok) return (sendError(res, 409, `the request is ${r.status}, no longer open`), true);
      o.logger.info(`ops: callback ${action === 'done' ? 'marked done' : 'cancelled'} by hand`, { callbackId: id, number: maskNumber(r.number) });
      o.changed();
      sendJson(res, 200, await o.queue.get(id));
      return true;
    }
    if (action === 'voice-note' && req.method === 'GET') {
      const r = await o.queue.get(id);
      if (!r) return (sendError(res, 404, 'no such callback request'), true);
      if (!r.nameRecording) return (sendError(res, 404, 'this request has no voice note'), true);
      const problem = recordingNameProblem(r.nameRecording);
      if (problem) {
        o.logger.warn(`ops: refused a stored recording name (${problem})`, { callbackId: id });
        return (sendError(res, 400, `recording name refused: ${problem}`), true);
      }
      if (!o.fetchRecording) return (sendError(res, 501, 'voice notes are not available on this server'), true);
      let audio: Buffer;
      try {
        audio = await o.fetchRecording(r.nameRecording);
      } catch (err) {
        o.logger.warn(`ops: voice note could not be fetched: ${err instanceof Error ? err.message : String(err)}`, { callbackId: id });
        return (sendError(res, 502, 'the recording could not be fetched'), true);
      }
      // Opus when the browser takes it and node-opus is installed here; the WAV as stored otherwise.
      const ogg = acceptsOggOpus(req.headers.accept) ? toOggOpus(audio) : undefined;
      if (ogg) send(res, 200, 'audio/ogg; codecs=opus', ogg, { vary: 'Accept' });
      else send(res, 200, 'audio/wav', audio, { vary: 'Accept' });
      return true;
    }
    return false;
  };
}

/** True when the Accept header names Ogg audio (the live page sends it only when its browser plays Opus). */
function acceptsOggOpus(accept: string | undefined): boolean {
  return accept !== undefined && /(^|,)\s*audio\/ogg\b/.test(accept);
}

/** The WAV as Ogg Opus, or undefined when there is no encoder here or the WAV is not plain 16-bit mono PCM. */
function toOggOpus(wav: Buffer): Buffer | undefined {
  const p = wavPcm(wav);
  if (!p) return undefined;
  const enc = opusEncoder(p.rate);
  if (!enc) return undefined;
  try {
    return oggOpus(p.pcm, p.rate, enc);
  } catch {
    // An encoder failure costs the compression, never the voice note.
    return undefined;
  }
}

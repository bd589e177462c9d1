/**
 * Request faults, applied where both transports hand a request to the
 * route table (HTTP and RESTRequest frames alike): an error status with the
 * body Asterisk sends for it, or the whole request carried out seconds late
 * on the simulator's clock. A late answer excuses the client's hold on a
 * virtual clock (Clock.excuseHold), so virtual time can run to the moment
 * the answer is due and the test's timing stays exact.
 */
import type { SimContext } from '../core/sim-context.js';
import type { AriResponse } from '../http/request.js';

/** A request as the fault book sees it. */
export interface FaultedRequest {
  method: string;
  /** Path below /ari with its leading slash, still URL-encoded, as the client sent it. */
  path: string;
  transport: 'http' | 'websocket';
}

/**
 * Runs `carryOut` (route and answer the request) now, late, or not at all:
 * a status fault answers through `answer` instead.
 */
export function withRequestFaults(ctx: SimContext, r: FaultedRequest, carryOut: () => void, answer: (response: AriResponse) => void): void {
  const fault = ctx.faults.take(['status', 'slow'], { method: r.method, path: r.path, transport: r.transport, channel: channelOf(r.path) });
  if (!fault) {
    carryOut();
    return;
  }
  if (fault.kind === 'status') {
    answer(errorReply(fault.status, r.method, r.path, fault.message));
    return;
  }
  // The client holds its clock with the label `${method} ${path}` until the answer (src/ari/rest.ts).
  const excused = ctx.clock.excuseHold?.(`${r.method} ${r.path}`) ?? ((): void => undefined);
  ctx.faultTimers.after(fault.delayMs, () => {
    excused();
    carryOut();
  });
}

/** The channel id in a /channels/{id}... path. */
export function channelOf(path: string): string | undefined {
  const m = /^\/channels\/([^/?]+)/.exec(path);
  if (!m || m[1] === 'create' || m[1] === 'externalMedia') return undefined;
  try {
    return decodeURIComponent(m[1] as string);
  } catch {
    return m[1];
  }
}

/** The error body Asterisk answers with for this status on this resource (see ../shared/asterisk-traces/errors.jsonl). */
export function errorReply(status: number, method: string, path: string, message?: string): AriResponse {
  if (message !== undefined) return { status, body: { message } };
  const resource = /^\/([a-zA-Z]+)/.exec(path)?.[1] ?? '';
  if (status === 404) {
    const what: Record<string, string> = { channels: 'Channel not found', playbacks: 'Playback not found', bridges: 'Bridge not found', recordings: 'Recording not found', applications: 'Application not found', deviceStates: 'Device state not found', endpoints: 'Endpoint not found' };
    return { status, body: { message: what[resource] ?? 'Resource not found' } };
  }
  if (status === 500 && resource === 'channels' && method === 'POST' && /^\/channels(\/create)?$/.test(path)) {
    // ast_ari_response_alloc_failed: the one body with "error" instead of "message".
    return { status, body: { error: 'Allocation failed' } };
  }
  if (status === 500 && /\/play(\/|$)/.test(path)) return { status, body: { message: 'Failed to queue media for playback' } };
  if (status === 409 && resource === 'channels') return { status, body: { message: 'Channel not in Stasis application' } };
  return { status, body: { message: status >= 500 ? 'Internal Server Error' : 'Bad request' } };
}

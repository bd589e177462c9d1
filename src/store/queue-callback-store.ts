/**
 * The flows' CallbackStore over a CallbackQueue: what the callback capture
 * saves goes into the queue the dialer claims from. Until the flows take a
 * CallbackQueue themselves, this is how the service hands captured
 * requests to the dialer (capture() resolves only once committed, so the
 * caller still hears "recorded" only after it is safe).
 */
import type { CallbackQueue, CallbackRequest as QueuedRequest, NewCallbackRequest } from './callback-queue.js';
import type { CallbackRequest, CallbackStore } from './callback-store.js';

/** The old store's three states: open requests are pending, kept ones done, the rest failed. */
function asStored(r: QueuedRequest): CallbackRequest {
  const status = r.status === 'completed' ? 'done' : r.status === 'pending' || r.status === 'dialing' ? 'pending' : 'failed';
  const { id, createdAt, callId, number, lineType, target, reason, language, callerNumber, extension, nameRecording } = r;
  return {
    id, createdAt, status, callId, number, lineType, target, reason, language, callerNumber,
    ...(extension !== undefined ? { extension } : {}),
    ...(nameRecording !== undefined ? { nameRecording } : {}),
  };
}

/** A CallbackStore that captures into the queue. */
export function queueCallbackStore(queue: CallbackQueue): CallbackStore {
  return {
    async save(req: NewCallbackRequest): Promise<CallbackRequest> {
      return asStored((await queue.capture(req)).request);
    },
    async list(): Promise<CallbackRequest[]> {
      return (await queue.list()).map(asStored);
    },
  };
}

/**
 * Wiring glue until the flows take the CallbackQueue itself: the flows save
 * callback requests through the older CallbackStore interface, while the ops
 * server reads the queue. This lets both use one queue, so a request a
 * caller leaves shows up on the ops page at once.
 */
import type { CallbackQueue, CallbackStatus } from '../store/callback-queue.js';
import type { CallbackRequest, CallbackStore, NewCallbackRequest } from '../store/callback-store.js';

const STORE_STATUS: Record<CallbackStatus, CallbackRequest['status']> = {
  pending: 'pending',
  dialing: 'pending',
  completed: 'done',
  failed: 'failed',
  cancelled: 'failed',
};

/** A CallbackStore that captures into (and lists from) a CallbackQueue. */
export function queueAsCallbackStore(queue: CallbackQueue): CallbackStore {
  const view = (r: Awaited<ReturnType<CallbackQueue['get']>> & object): CallbackRequest => {
    const { id, createdAt, status, callId, number, extension, lineType, nameRecording, target, reason, language, callerNumber } = r;
    return {
      id,
      createdAt,
      status: STORE_STATUS[status],
      callId,
      number,
      lineType,
      target,
      reason,
      language,
      callerNumber,
      ...(extension !== undefined ? { extension } : {}),
      ...(nameRecording !== undefined ? { nameRecording } : {}),
    };
  };
  return {
    // capture() resolves only once committed: the flows' "recorded" promise holds.
    save: async (req: NewCallbackRequest) => view((await queue.capture(req)).request),
    list: async () => (await queue.list()).map(view),
  };
}

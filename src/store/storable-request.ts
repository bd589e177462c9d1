/**
 * The last check before a callback request is written, in every store: the
 * flows check the number against the flow config's rules (length, digits)
 * before they capture, but whatever reaches a store must still be a number
 * the dialer can dial and an extension it can key in, or the promise could
 * never be kept. A request that fails is refused whole (capture rejects,
 * nothing is written), so the flow tells the caller the truth.
 */
import type { NewCallbackRequest } from './callback-queue.js';

/** The widest limits the flow config allows (callback.minDigits / maxDigits are 3-20). */
const NUMBER = /^[0-9]{3,20}$/;
/** An extension: digits only, at most 10 (the flows take at most 6). */
const EXTENSION = /^[0-9]{1,10}$/;
const LINE_TYPES = new Set(['mobile', 'landline', 'other']);

/** Throws with a clear reason when the request must not be stored. */
export function assertStorable(req: NewCallbackRequest): void {
  if (!NUMBER.test(req.number)) throw new Error('callback request refused: the number must be 3 to 20 digits');
  if (req.extension !== undefined && !EXTENSION.test(req.extension)) throw new Error('callback request refused: the extension must be 1 to 10 digits');
  if (!LINE_TYPES.has(req.lineType)) throw new Error(`callback request refused: unknown line type ${JSON.stringify(req.lineType)}`);
  if (req.target.trim() === '') throw new Error('callback request refused: no target');
}

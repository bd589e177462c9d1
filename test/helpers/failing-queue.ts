/** A callback queue whose disk is full: every capture rejects, and nothing is ever listed. */
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';
import type { CallbackQueue } from '../../src/store/callback-queue.js';

export function failingQueue(): CallbackQueue {
  const q = new MemoryCallbackQueue(new VirtualClock(0));
  q.capture = () => Promise.reject(new Error('disk full'));
  return q;
}

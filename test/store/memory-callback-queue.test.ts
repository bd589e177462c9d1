/** The in-memory CallbackQueue passes the shared contract suite. */
import { MemoryCallbackQueue } from '../../src/store/memory-callback-queue.js';
import { runCallbackQueueContract } from './callback-queue-contract.js';

runCallbackQueueContract('MemoryCallbackQueue', async (clock) => ({ queue: new MemoryCallbackQueue(clock) }));

/**
 * Callback requests: what a caller confirmed we will call them back about.
 * The flows save a request and only then tell the caller it is recorded, so
 * the store's save() must not resolve until the request is safe. This file
 * holds the interface and the in-memory store (the durable stores are a
 * separate piece of work and plug in behind the same interface).
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock/clock.js';

// One description of a request: the durable queue's contract defines it.
import type { CallbackReason, NewCallbackRequest } from './callback-queue.js';
export type { CallbackReason, NewCallbackRequest };

/** A stored callback request. */
export interface CallbackRequest extends NewCallbackRequest {
  id: string;
  createdAt: string;
  status: 'pending' | 'done' | 'failed';
}

/** Where callback requests are kept. */
export interface CallbackStore {
  /** Stores the request; resolves only once it is safe, rejects if it could not be stored. */
  save(req: NewCallbackRequest): Promise<CallbackRequest>;
  /** All requests, oldest first. */
  list(): Promise<CallbackRequest[]>;
}

/** Keeps requests in process memory (the default until a durable store is configured). */
export class InMemoryCallbackStore implements CallbackStore {
  private readonly items: CallbackRequest[] = [];

  constructor(private readonly clock: Clock) {}

  async save(req: NewCallbackRequest): Promise<CallbackRequest> {
    const stored: CallbackRequest = { ...req, id: randomUUID(), createdAt: new Date(this.clock.now()).toISOString(), status: 'pending' };
    this.items.push(stored);
    return { ...stored };
  }

  async list(): Promise<CallbackRequest[]> {
    return this.items.map((i) => ({ ...i }));
  }
}

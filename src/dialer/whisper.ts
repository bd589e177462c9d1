/**
 * The whisper: what the colleague hears when they pick up, before the
 * customer is dialled: that it is a callback, how long the customer has
 * been waiting (a natural duration: minutes, hours and minutes, or days and
 * hours; spoken-duration.ts) and their number (read in groups, as the
 * callback capture read it to the customer). The customer's recorded name,
 * when they left one, is played after it by the attempt.
 */
import type { DialerPrompts } from '../config/schema.js';
import { readBackPrompts } from '../flows/read-back.js';
import type { CallbackRequest } from '../store/callback-queue.js';
import { spokenDuration } from './spoken-duration.js';

/** Prompt ids of the whisper for this request at `now`. */
export function whisperPrompts(req: CallbackRequest, p: DialerPrompts, now: number, groups: readonly number[]): string[] {
  return [
    ...p.whisper,
    ...p.whisperWaiting,
    ...spokenDuration(now - Date.parse(req.createdAt), p.whisperMinutes),
    ...p.whisperNumber,
    ...readBackPrompts(req.number, groups),
  ];
}

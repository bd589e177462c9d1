/**
 * What a test can switch on in the simulator (sim.faults.add): per request
 * (method, path, transport), per event (type, channel), per playback or
 * recording (media, channel). Every fault fires `times` times (default
 * once; Infinity for always) after skipping the first `skip` matches.
 */

/** Which requests, events or media a fault applies to; every field given must match. */
export interface FaultMatch {
  /** HTTP method of a request (GET, POST, DELETE...). */
  method?: string;
  /** Path below /ari, e.g. "/channels/abc/play/pb-1": a RegExp, or a string the path must contain. */
  path?: string | RegExp;
  /** Only requests that came this way. */
  transport?: 'http' | 'websocket';
  /** The channel a request, an event, a playback or a recording is about (its id or a RegExp). */
  channel?: string | RegExp;
  /** Event type, e.g. "PlaybackFinished". */
  event?: string;
  /** Media of a playback ("sound:hotline/menu-options") or a recording's name. */
  media?: string | RegExp;
}

/** The kinds of fault, with their settings. */
export type FaultKind =
  /** Answer with an error status and the body Asterisk sends with it; the request is not carried out. */
  | { kind: 'status'; status: number; message?: string }
  /** Carry out and answer the request `delayMs` late on the simulator's clock. */
  | { kind: 'slow'; delayMs: number }
  /** The event never reaches the app. */
  | { kind: 'drop-event' }
  /** The event reaches the app twice. */
  | { kind: 'duplicate-event' }
  /** The event is overtaken by the next event to the same app, within what Asterisk allows (event-faults.ts). */
  | { kind: 'reorder-event'; withinMs?: number }
  /** The playback starts and never finishes by itself (DELETE still stops it). */
  | { kind: 'stuck-playback' }
  /** The playback takes `factor` times its length (a saturated PBX). */
  | { kind: 'slow-playback'; factor: number }
  /** The recording starts and never ends by itself (no silence or length limit; a stop still ends it). */
  | { kind: 'stuck-recording' };

/** One fault as a test adds it. */
export type FaultSpec = FaultKind & {
  match?: FaultMatch;
  /** How many times it fires (default 1). */
  times?: number;
  /** Matches to let through before it fires (default 0). */
  skip?: number;
};

/** True when `value` matches `want` (exact string, or RegExp). */
export function matches(want: string | RegExp | undefined, value: string | undefined): boolean {
  if (want === undefined) return true;
  if (value === undefined) return false;
  return typeof want === 'string' ? value === want : want.test(value);
}

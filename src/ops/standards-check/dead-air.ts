/**
 * Dead air: the longest stretch in which a caller who was waiting on us
 * heard nothing from us: no prompt, no music on hold or ringing, no
 * colleague on the line. Stretches that are the caller's turn do not count
 * (after a question, while a voice note records, and the grace after the
 * closing words, which close-grace checks), nor the time before the answer.
 */
import type { TimelineEntry } from '../../call/timeline.js';
import { callerTurnChange } from '../caller-turn.js';
import type { Violation } from './rules.js';
import type { StandardsThresholds } from './thresholds.js';

/** A quiet stretch while the caller waited on us. */
export interface QuietStretch {
  from: number;
  to: number;
}

/** Every quiet stretch of the call in which the caller waited on us. */
export function quietStretches(entries: readonly TimelineEntry[], th: Pick<StandardsThresholds, 'closingPrompts'>): QuietStretch[] {
  const out: QuietStretch[] = [];
  let answered = false;
  let playing = 0;
  let holding = false;
  let bridged = false;
  let callersTurn = false;
  let closed = false;
  let quietSince: number | undefined;
  const quiet = (): boolean => answered && playing === 0 && !holding && !bridged && !callersTurn && !closed;
  for (const e of entries) {
    switch (e.kind) {
      case 'answered':
        answered = true;
        break;
      case 'prompt-started':
        playing++;
        closed = false;
        break;
      case 'prompt-finished':
        playing = Math.max(0, playing - 1);
        if (e['status'] === 'finished' && th.closingPrompts.has(String(e['prompt']))) closed = true;
        break;
      case 'hold-started':
        holding = true;
        break;
      case 'hold-ended':
        holding = false;
        break;
      case 'bridged':
        bridged = true;
        break;
      case 'unbridged':
        bridged = false;
        break;
      default:
        {
          const turn = callerTurnChange(e);
          if (turn) callersTurn = turn === 'starts';
        }
    }
    const ended = e.kind === 'hangup';
    if (quietSince !== undefined && (ended || !quiet())) {
      if (e.t > quietSince) out.push({ from: quietSince, to: e.t });
      quietSince = undefined;
    }
    if (ended) break;
    if (quietSince === undefined && quiet()) quietSince = e.t;
  }
  return out;
}

/** The dead-air rule: every quiet stretch longer than the limit. */
export function checkDeadAir(entries: readonly TimelineEntry[], th: StandardsThresholds): Violation[] {
  return quietStretches(entries, th)
    .filter((s) => s.to - s.from > th.deadAirMs)
    .map((s) => ({
      rule: 'dead-air' as const,
      measured: s.to - s.from,
      threshold: th.deadAirMs,
      from: s.from,
      at: s.to,
      detail: `the caller waited ${((s.to - s.from) / 1000).toFixed(1)} s in silence (no prompt, no music) from ${(s.from / 1000).toFixed(1)} s`,
    }));
}

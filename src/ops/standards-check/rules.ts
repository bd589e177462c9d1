/**
 * The timed rules of the call standards (shared/spec/call-standards.md) that
 * every finished call is held against. The ids are a fixed list: they label
 * the violation counter in /metrics, so its series stay bounded.
 */

export const RULE_IDS = ['dead-air', 'check-in-spacing', 'close-grace', 'hung-up-first', 'callback-confirmed-before-stored', 'outbound-opening'] as const;
export type RuleId = (typeof RULE_IDS)[number];

/** What each rule asks, in words, for the page and the docs. */
export const RULE_TEXT: Record<RuleId, string> = {
  'dead-air': 'never leave a caller who waits on us in silence (no prompt, no music) for more than a few seconds (§8)',
  'check-in-spacing': 'on hold and while a colleague rings, never more than checkInSeconds without a word from us (§4, §8)',
  'close-grace': 'after the closing words, give the caller the grace period to hang up first (§2, §7)',
  'hung-up-first': 'we hang up only after the closing words, never mid-request (§7, §8)',
  'callback-confirmed-before-stored': 'a callback is confirmed to the caller only after it was stored (§5)',
  'outbound-opening': 'on a call we placed, the opening starts within 2 s of the answer (§9)',
};

/** One broken rule, with what was measured and where in the timeline. */
export interface Violation {
  rule: RuleId;
  /** What was measured: milliseconds for timed rules, a word otherwise. */
  measured: number | string;
  /** The limit it was held against (ms for timed rules). */
  threshold: number | string;
  /** Where in the timeline (ms since the call began) the breach ends or happens. */
  at: number;
  /** Where the measured stretch began, for timed rules. */
  from?: number;
  detail: string;
}

/** A call's verdict: pass, or the rules it broke. */
export interface StandardsVerdict {
  pass: boolean;
  violations: Violation[];
}

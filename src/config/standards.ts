/**
 * Warnings when a value leaves what the call standards allow
 * (shared/spec/call-standards.md, beside the repo). Ops staff may tune these values,
 * so a departure is reported, not refused; each warning quotes the rule.
 */
import type { FindingCollector } from './collector.js';
import type { DocPath } from './finding.js';
import type { HotlineConfig } from './schema.js';

/** One rule from the call standards, checked against one value. */
export interface StandardRule {
  /** Which value, e.g. ['timings', 'silenceSeconds']. */
  path: DocPath;
  /** True when the value departs from the standard. */
  departs(config: HotlineConfig): boolean;
  /** What the value is, in words. */
  describe(config: HotlineConfig): string;
  /** What the standard says. */
  standard: string;
}

const t = (c: HotlineConfig): HotlineConfig['timings'] => c.timings;

/** The standards rules that apply to single values of the config. */
export const STANDARD_RULES: readonly StandardRule[] = [
  {
    path: ['timings', 'silenceSeconds'],
    departs: (c) => t(c).silenceSeconds !== 5,
    describe: (c) => `silenceSeconds is ${t(c).silenceSeconds}`,
    standard: '5 s (§2: wait 5 s for the caller, repeat the offer once, 5 s more, then the close)',
  },
  {
    path: ['timings', 'checkInSeconds'],
    departs: (c) => t(c).checkInSeconds > 30,
    describe: (c) => `checkInSeconds is ${t(c).checkInSeconds}`,
    standard: 'at most 30 s (§4, §8: a caller on hold or ringing never goes more than 30 s without hearing from us)',
  },
  {
    path: ['timings', 'callbackOfferAfterSeconds'],
    departs: (c) => t(c).callbackOfferAfterSeconds > 120,
    describe: (c) => `callbackOfferAfterSeconds is ${t(c).callbackOfferAfterSeconds}`,
    standard: 'at most 120 s (§4: if the hold will run past 2 minutes, offer to call back)',
  },
  {
    path: ['timings', 'maxHoldSeconds'],
    departs: (c) => t(c).maxHoldSeconds > 180,
    describe: (c) => `maxHoldSeconds is ${t(c).maxHoldSeconds}`,
    standard: 'at most 180 s (§4: a caller who insists may wait up to about 3 minutes)',
  },
  {
    path: ['timings', 'closeGraceSeconds'],
    departs: (c) => t(c).closeGraceSeconds !== 2,
    describe: (c) => `closeGraceSeconds is ${t(c).closeGraceSeconds}`,
    standard: '2 s (§7: let the caller hang up first; hang up gently after 2 s)',
  },
  {
    path: ['timings', 'failedCallGraceSeconds'],
    departs: (c) => t(c).failedCallGraceSeconds !== 5,
    describe: (c) => `failedCallGraceSeconds is ${t(c).failedCallGraceSeconds}`,
    standard: '5 s (§2, §7: after a failed call\'s close, wait 5 s before hanging up)',
  },
  {
    path: ['languages', 'default'],
    departs: (c) => c.languages.default !== 'zh-CN',
    describe: (c) => `the default language is ${c.languages.default}`,
    standard: 'zh-CN (§3: the hotline speaks Mandarin by default and keeps it unless the caller chooses another language)',
  },
  {
    path: ['dialer', 'callingHours'],
    departs: (c) => c.dialer?.enabled === true && c.dialer.callingHours === undefined,
    describe: () => 'the dialer has no callingHours',
    standard: 'calling hours (§9: respect calling hours; without them customers are called at any hour)',
  },
  {
    path: ['dialer', 'silentReplySeconds'],
    departs: (c) => c.dialer !== undefined && (c.dialer.silentReplySeconds < 2 || c.dialer.silentReplySeconds > 5),
    describe: (c) => `dialer.silentReplySeconds is ${c.dialer?.silentReplySeconds}`,
    standard: 'about 3 s (§2, outbound variant: "can you hear me?", about 3 s later "your call is connected")',
  },
  {
    path: ['retries', 'menu'],
    departs: (c) => c.retries.menu > 3,
    describe: (c) => `retries.menu is ${c.retries.menu}`,
    standard: 'at most 3 (§3: a bounded number of tries, then a person or the close)',
  },
];

/** Adds a warning for every value that departs from the call standards. */
export function checkStandards(config: HotlineConfig, out: FindingCollector): void {
  for (const rule of STANDARD_RULES) {
    if (rule.departs(config)) {
      out.warning('standard', rule.path, `${rule.describe(config)}, outside the call standards`, { allowed: rule.standard });
    }
  }
  for (const [name, target] of Object.entries(config.targets)) {
    if (target.ringTimeoutSeconds < 15) {
      out.warning('standard', ['targets', name, 'ringTimeoutSeconds'], `ringTimeoutSeconds is ${target.ringTimeoutSeconds}, outside the call standards`, {
        allowed: 'at least 15 s (§9: let it ring at least 15 s before giving up)',
      });
    }
  }
}

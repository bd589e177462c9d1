/**
 * Cross-field checks the schema cannot express on one field: names that
 * must exist elsewhere in the file, regexes that must compile, pairs of
 * numbers that must be in order, dial strings Asterisk would refuse.
 */
import type { FindingCollector } from './collector.js';
import type { HotlineConfig } from './schema.js';

/** What is wrong with a dial string beyond the schema's pattern, or undefined if it is fine. */
export function dialStringProblem(dial: string): string | undefined {
  const slash = dial.indexOf('/');
  const tech = dial.slice(0, slash);
  let resource = dial.slice(slash + 1);
  if (resource.endsWith('/n')) {
    if (tech !== 'Local') return 'the /n option exists only for Local channels';
    resource = resource.slice(0, -2);
  }
  if (!/[A-Za-z0-9]/.test(resource)) return `the resource "${resource}" names no endpoint or extension`;
  const at = resource.split('@');
  if (at.length > 2) return 'more than one "@"';
  if (at.length === 2 && (!at[0] || !at[1])) return `an empty part around "@" in "${resource}"`;
  if (tech === 'Local' && at.length !== 2) return 'a Local channel needs EXTEN@CONTEXT, e.g. Local/sales@agents';
  return undefined;
}

/** Compiles a regex from the config; returns the error message if it does not compile. */
export function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^Invalid regular expression: /, '');
  }
}

/** Adds errors for references to things that do not exist and values that contradict each other. */
export function checkSemantics(config: HotlineConfig, out: FindingCollector): void {
  const { languages, callback, timings } = config;
  const targetNames = Object.keys(config.targets);

  if (!languages.available.includes(languages.default)) {
    out.error('unknown-language', ['languages', 'default'], `default language ${languages.default} is not in languages.available`, {
      allowed: `one of ${languages.available.join(', ')} (or add ${languages.default} to available)`,
    });
  }
  const seenLang = new Set<string>();
  languages.available.forEach((lang, i) => {
    if (seenLang.has(lang)) out.warning('duplicate-language', ['languages', 'available', i], `${lang} is listed twice`, { allowed: 'each language once' });
    seenLang.add(lang);
  });
  for (const [key, action] of Object.entries(config.menu.keys)) {
    if (action.action === 'language' && !languages.available.includes(action.language)) {
      out.error('unknown-language', ['menu', 'keys', key, 'language'], `language ${action.language} is not in languages.available`, {
        allowed: `one of ${languages.available.join(', ')}`,
      });
    }
  }

  if (!config.targets[config.agentTarget]) {
    out.error('unknown-target', ['agentTarget'], `no target "${config.agentTarget}" in targets`, {
      allowed: targetNames.length ? `one of ${targetNames.join(', ')}` : 'a name defined under targets',
    });
  }
  for (const [name, target] of Object.entries(config.targets)) {
    const problem = dialStringProblem(target.dial);
    if (problem) {
      out.error('bad-dial-string', ['targets', name, 'dial'], `"${target.dial}": ${problem}`, {
        allowed: 'TECH/resource, e.g. PJSIP/2001, PJSIP/2001@trunk, Local/sales@agents',
      });
    }
  }

  for (const field of ['mobilePattern', 'landlinePattern'] as const) {
    const problem = regexProblem(callback[field]);
    if (problem) {
      out.error('bad-regex', ['callback', field], `the regular expression does not compile: ${problem}`, {
        allowed: "a JavaScript regular expression, e.g. '^1[3-9]\\d{9}$' (single quotes keep backslashes)",
      });
    }
  }
  if (callback.minDigits > callback.maxDigits) {
    out.error('min-over-max', ['callback', out.has(['callback', 'minDigits']) ? 'minDigits' : 'maxDigits'], `minDigits ${callback.minDigits} is more than maxDigits ${callback.maxDigits}`, {
      allowed: 'minDigits <= maxDigits',
    });
  }

  if (timings.maxHoldSeconds < timings.callbackOfferAfterSeconds) {
    const at = out.has(['timings', 'maxHoldSeconds']) ? 'maxHoldSeconds' : 'callbackOfferAfterSeconds';
    out.error('hold-before-offer', ['timings', at], `maxHoldSeconds ${timings.maxHoldSeconds} is less than callbackOfferAfterSeconds ${timings.callbackOfferAfterSeconds}: the hold would end before the callback is offered`, {
      allowed: 'maxHoldSeconds >= callbackOfferAfterSeconds (standard: offer at 120 s, hold at most about 180 s)',
    });
  }
}

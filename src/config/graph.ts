/**
 * The menu as a graph. Every key must lead to an end a caller can live
 * with: a person (a transfer, whose busy and no-answer paths end in a
 * callback or the close) or the close. info and language keys return to the
 * menu; hold-lookup ends in the close. A target or language nobody can
 * reach is a warning: it is configured, checked, and never used.
 */
import type { FindingCollector } from './collector.js';
import type { HotlineConfig, MenuAction } from './schema.js';

/** Where a menu key leads. */
export type KeyOutcome = 'transfer' | 'close' | 'back-to-menu' | 'dead-end';

/** Classifies one menu action; a transfer to a target that does not exist is a dead end. */
export function keyOutcome(action: MenuAction, config: HotlineConfig): KeyOutcome {
  switch (action.action) {
    case 'transfer':
      return transferEnds(config, action.target) ? 'transfer' : 'dead-end';
    case 'agent':
      return transferEnds(config, config.agentTarget) ? 'transfer' : 'dead-end';
    case 'close':
    case 'hold-lookup':
      return 'close';
    case 'info':
    case 'language':
      return 'back-to-menu';
  }
}

/** A transfer ends well when its target exists and both its busy and no-answer paths are set. */
function transferEnds(config: HotlineConfig, name: string): boolean {
  const target = config.targets[name];
  return target !== undefined && target.onBusy !== undefined && target.onNoAnswer !== undefined;
}

/** Adds errors for an empty or dead-end menu and unknown transfer targets, warnings for unreachable steps. */
export function checkMenuGraph(config: HotlineConfig, out: FindingCollector): void {
  const keys = Object.entries(config.menu.keys);
  const targetNames = Object.keys(config.targets);
  const reachedTargets = new Set<string>();
  const reachedLanguages = new Set<string>([config.languages.default]);

  if (keys.length === 0) {
    out.error('empty-menu', ['menu', 'keys'], 'the menu has no keys: a caller could only wait for the retries to run out', {
      allowed: 'at least one key that leads to a person or the close, e.g. "0": { action: agent }',
    });
  }

  let exits = 0;
  for (const [key, action] of keys) {
    const outcome = keyOutcome(action, config);
    if (outcome === 'transfer' || outcome === 'close') exits++;
    if (action.action === 'transfer') {
      if (config.targets[action.target]) reachedTargets.add(action.target);
      else {
        out.error('unknown-target', ['menu', 'keys', key, 'target'], `key ${key} transfers to "${action.target}", which is not in targets`, {
          allowed: targetNames.length ? `one of ${targetNames.join(', ')}` : 'a name defined under targets',
        });
      }
    }
    if (action.action === 'agent') reachedTargets.add(config.agentTarget);
    if (action.action === 'language') {
      reachedLanguages.add(action.language);
      if (action.language === config.languages.default) {
        out.warning('language-key-no-effect', ['menu', 'keys', key, 'language'], `key ${key} switches to ${action.language}, the default language the caller already hears`, {
          allowed: 'a language key for another available language',
        });
      }
    }
  }
  if (keys.length > 0 && exits === 0) {
    out.error('dead-end-menu', ['menu', 'keys'], 'no key leaves the menu: every key is info or language (or a transfer to a missing target), so a caller can never reach a person or the close by choice', {
      at: 'key',
      allowed: 'at least one transfer, agent, hold-lookup or close key',
    });
  }
  if (config.menu.onExhausted === 'agent') reachedTargets.add(config.agentTarget);

  for (const name of targetNames) {
    if (!reachedTargets.has(name)) {
      out.warning('unreachable-target', ['targets', name], `target "${name}" is never reached: no menu key transfers to it and it is not the agentTarget in use`, {
        at: 'key',
        allowed: 'a menu key { action: transfer, target: ' + name + ' }, or remove the target',
      });
    }
  }
  config.languages.available.forEach((lang, i) => {
    if (!reachedLanguages.has(lang)) {
      out.warning('unreachable-language', ['languages', 'available', i], `${lang} is available but no menu key switches to it`, {
        allowed: `a menu key { action: language, language: ${lang} }, or remove it from available`,
      });
    }
  });
}

/**
 * The menu as a graph, built from the step table (src/flows/steps/), the
 * same table the menu dispatch runs: every key must lead to an end a caller
 * can live with (a person or the close), not only back to the menu. A
 * target or language nobody can reach is a warning: it is configured,
 * checked, and never used.
 */
import { FindingCollector } from './collector.js';
import type { HotlineConfig, MenuAction } from './schema.js';
import { stepFor } from '../flows/steps/index.js';
import type { FlowResult } from '../flows/flow-result.js';

/** Where a menu key can send the call, for a caller who stays on the line; empty when its config is broken. */
export function keyOutcomes(action: MenuAction, config: HotlineConfig): FlowResult[] {
  const step = stepFor(action);
  const scratch = new FindingCollector('(graph)');
  step.check?.(action, config, ['menu', 'keys', '?'], scratch);
  return scratch.findings.some((f) => f.severity === 'error') ? [] : step.outcomes(action, config);
}

/** Adds errors for an empty or dead-end menu and each step's own errors, warnings for unreachable steps. */
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
    const step = stepFor(action);
    step.check?.(action, config, ['menu', 'keys', key], out);
    const outcomes = keyOutcomes(action, config);
    if (outcomes.some((o) => o !== 'back-to-menu')) exits++;
    const reached = step.reaches?.(action, config) ?? {};
    for (const t of reached.targets ?? []) if (config.targets[t]) reachedTargets.add(t);
    for (const l of reached.languages ?? []) reachedLanguages.add(l);
  }
  if (keys.length > 0 && exits === 0) {
    out.error('dead-end-menu', ['menu', 'keys'], 'no key leaves the menu: every key only returns to it (language keys, or transfers to a missing target), so a caller can never reach a person or the close by choice', {
      at: 'key',
      allowed: 'at least one transfer, agent, hold-lookup, identity-lookup, info or close key',
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

/** The flow config API: schema and types, the check, opening hours, system prompts and the hot-reloading store. */
export * from './schema.js';
export { type Finding, type Severity, type DocPath, formatPath, hasErrors, sortFindings } from './finding.js';
export { checkConfigFile, checkConfigText, contentVersion, type CheckOptions, type CheckResult } from './check.js';
export { formatFinding, formatReport, formatSummary } from './report.js';
export { isOpen, isValidTimeZone, localTime, parseTimeRange, WEEKDAYS, type LocalTime, type TimeRange, type Weekday } from './hours.js';
export { REQUIRED_SYSTEM_PROMPTS, DIGIT_PROMPTS, digitPrompt, type SystemPromptId } from './system-prompts.js';
export { allPromptIds, collectPromptRefs, type PromptRef } from './prompts-check.js';
export { STANDARD_RULES, type StandardRule } from './standards.js';
export {
  ConfigStore,
  ConfigInvalidError,
  reloadOnSignal,
  type ConfigStoreEvents,
  type ConfigStoreOptions,
  type LoadedConfig,
  type RejectedConfig,
  type ReloadResult,
} from './store.js';

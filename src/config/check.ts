/**
 * The whole config check, in order: YAML (syntax, duplicate keys),
 * secrets, the schema, then the checks that need a valid document
 * (references, hours, the menu graph, the call standards, prompt audio).
 * Every problem becomes a finding; nothing here throws on bad input.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SOUNDS_DIR } from '../sounds/layout.js';
import { FindingCollector } from './collector.js';
import { hasErrors, sortFindings, type Finding } from './finding.js';
import { checkMenuGraph } from './graph.js';
import { checkHours } from './hours-check.js';
import { loadYaml } from './load.js';
import { withoutOmittableProblems } from './repair.js';
import { checkPromptAudio } from './prompts-check.js';
import { HotlineConfigSchema, type HotlineConfig } from './schema.js';
import { findSecrets } from './secrets.js';
import { checkSemantics } from './semantics.js';
import { checkStandards } from './standards.js';
import { reportSchemaIssues } from './zod-issues.js';

/** Options for a config check. */
export interface CheckOptions {
  /** Folder holding <lang>/<id>.wav; default the repo's sounds/; false skips the prompt audio check. */
  soundsDir?: string | false;
}

/** The outcome of checking one config file. */
export interface CheckResult {
  file: string;
  /** Short sha256 of the file content ('' if the file could not be read). */
  version: string;
  /** True when there are no errors (warnings allowed). */
  ok: boolean;
  /** The validated config (defaults filled in); present only when ok. */
  config?: HotlineConfig;
  /** Errors first, then warnings, in file order. */
  findings: Finding[];
}

/** The version id of a config text: the first 12 hex digits of its sha256. */
export function contentVersion(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** Checks config text as if read from `file` (the name used in findings). */
export async function checkConfigText(text: string, file: string, opts: CheckOptions = {}): Promise<CheckResult> {
  const version = contentVersion(text);
  const { doc, data, wellFormed, collector: out } = loadYaml(text, file);
  const secretPaths = findSecrets(doc, out);
  const done = (config?: HotlineConfig): CheckResult => {
    const findings = sortFindings(out.findings);
    const ok = !hasErrors(findings) && config !== undefined;
    return ok ? { file, version, ok, config, findings } : { file, version, ok, findings };
  };
  if (!wellFormed) return done();
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const what = data === null || data === undefined ? 'the file is empty' : `the file holds ${Array.isArray(data) ? 'a list' : 'a single value'}`;
    out.error('not-a-mapping', [], what, { at: { line: 1, col: 1 }, allowed: 'a mapping with version, organisation, languages, prompts, menu, targets, agentTarget (see flows/hotline.yaml)' });
    return done();
  }

  const parsed = HotlineConfigSchema.safeParse(data);
  if (parsed.success) {
    await checkValidDocument(parsed.data, out, opts);
    return done(parsed.data);
  }
  reportSchemaIssues(parsed.error.issues, data, out, secretPaths);
  // Report the later checks' findings too when the schema errors are only
  // keys that can be left out; the file stays rejected either way.
  const rest = withoutOmittableProblems(HotlineConfigSchema, data, parsed.error.issues);
  const retry = rest === undefined ? undefined : HotlineConfigSchema.safeParse(rest);
  if (retry?.success) await checkValidDocument(retry.data, out, opts);
  return done();
}

/** The checks that need a document the schema accepts. */
async function checkValidDocument(config: HotlineConfig, out: FindingCollector, opts: CheckOptions): Promise<void> {
  checkSemantics(config, out);
  checkHours(config, out);
  checkMenuGraph(config, out);
  checkStandards(config, out);
  if (opts.soundsDir !== false) await checkPromptAudio(config, opts.soundsDir ?? SOUNDS_DIR, out);
}

/** Reads and checks a config file; an unreadable file is a finding, not an exception. */
export async function checkConfigFile(file: string, opts: CheckOptions = {}): Promise<CheckResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const out = new FindingCollector(file);
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message;
    out.error('unreadable-file', [], `cannot read the config file: ${why}`, { at: 'none', allowed: 'a readable YAML file, e.g. flows/hotline.yaml' });
    return { file, version: '', ok: false, findings: out.findings };
  }
  return checkConfigText(text, file, opts);
}

/**
 * The running flow config, with hot reload. `current()` is what a new call
 * takes; a call keeps the LoadedConfig it started with, so a reload never
 * changes a call midway. A changed file (watched, or reload() on SIGHUP) is
 * checked in full; a valid one becomes current, an invalid one is rejected
 * with the same report `hotline check` prints, and the running version stays.
 */
import { EventEmitter } from 'node:events';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { RealClock, type Clock, type TimerHandle } from '../clock/index.js';
import type { Logger } from '../log/logger.js';
import { checkConfigText, contentVersion, type CheckResult } from './check.js';
import type { Finding } from './finding.js';
import { formatReport } from './report.js';
import type { HotlineConfig } from './schema.js';

/** One checked version of the config file, frozen: calls hold it for their whole life. */
export interface LoadedConfig {
  readonly config: HotlineConfig;
  /** Short sha256 of the file content. */
  readonly version: string;
  /** Absolute path of the file it came from. */
  readonly file: string;
  /** Warnings the check gave for this version (it has no errors). */
  readonly warnings: readonly Finding[];
  readonly loadedAt: Date;
}

/** What reload() did: applied a new version, found the content unchanged, or rejected an invalid file. */
export interface ReloadResult {
  applied: boolean;
  /** The version in effect after the reload (the old one unless applied). */
  version: string;
  /** The check report (or a one-line note when the content is unchanged). */
  report: string;
  outcome: 'applied' | 'unchanged' | 'rejected';
}

/** Payload of the 'rejected' event. */
export interface RejectedConfig {
  file: string;
  /** Version of the rejected content ('' if the file could not be read). */
  version: string;
  /** The version that stays in effect. */
  keptVersion: string;
  findings: Finding[];
  report: string;
}

/** Events a ConfigStore emits. */
export interface ConfigStoreEvents {
  applied: [LoadedConfig];
  rejected: [RejectedConfig];
}

/** Options for ConfigStore.open. */
export interface ConfigStoreOptions {
  /** Folder with <lang>/<id>.wav for the prompt check; default the repo's sounds/; false skips it. */
  soundsDir?: string | false;
  logger: Logger;
  /** Reload when the file changes on disk (default false). */
  watch?: boolean;
  /** Quiet time after the last file event before reloading (editors write in bursts). Default 150 ms. */
  debounceMs?: number;
  /** Time source for the debounce timer and loadedAt; default the real clock. */
  clock?: Clock;
}

/** Thrown by ConfigStore.open when the initial file is invalid; carries the full report. */
export class ConfigInvalidError extends Error {
  constructor(
    readonly report: string,
    readonly findings: Finding[],
  ) {
    super(`the flow config is invalid:\n${report}`);
    this.name = 'ConfigInvalidError';
  }
}

/** A failed check result for a file that could not be checked at all. */
function failure(file: string, message: string): CheckResult {
  return { file, version: '', ok: false, findings: [{ severity: 'error', code: 'unreadable-file', file, path: '', message, allowed: 'a readable YAML file' }] };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Holds the current flow config and swaps in valid new versions. */
export class ConfigStore extends EventEmitter<ConfigStoreEvents> {
  private loaded: LoadedConfig;
  private watcher: FSWatcher | undefined;
  private debounce: TimerHandle | undefined;
  // Reloads run one at a time, in order, so a watch event and a SIGHUP cannot race.
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly opts: ConfigStoreOptions & { clock: Clock },
    first: LoadedConfig,
  ) {
    super();
    this.loaded = first;
  }

  /** Loads and checks the file; throws ConfigInvalidError (with the report) if it has errors. */
  static async open(file: string, opts: ConfigStoreOptions): Promise<ConfigStore> {
    const abs = path.resolve(file);
    const full = { ...opts, clock: opts.clock ?? new RealClock() };
    const text = await readFile(abs, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new ConfigInvalidError(`${abs}: cannot read the config file: ${err.code ?? err.message}`, []);
    });
    const result = await checkConfigText(text, abs, { soundsDir: opts.soundsDir });
    if (!result.ok || !result.config) throw new ConfigInvalidError(formatReport(result), result.findings);
    const store = new ConfigStore(abs, full, ConfigStore.freeze(result, full.clock));
    opts.logger.info('flow config loaded', { file: abs, version: result.version, warnings: result.findings.length });
    for (const w of result.findings) opts.logger.warn(`flow config warning: ${w.path}: ${w.message}`, { file: abs, line: w.line });
    if (opts.watch) store.startWatching();
    return store;
  }

  private static freeze(result: CheckResult, clock: Clock): LoadedConfig {
    return deepFreeze({
      config: result.config as HotlineConfig,
      version: result.version,
      file: result.file,
      warnings: result.findings.filter((f) => f.severity === 'warning'),
      loadedAt: new Date(clock.now()),
    });
  }

  /** The version new calls should use. */
  current(): LoadedConfig {
    return this.loaded;
  }

  /** Re-reads and checks the file; applies it if valid and changed. Never rejects. */
  reload(): Promise<ReloadResult> {
    const run = this.queue.then(() => this.reloadNow());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops watching and cancels a pending debounced reload; the current version stays readable. */
  close(): void {
    this.closed = true;
    this.opts.clock.clearTimeout(this.debounce);
    this.debounce = undefined;
    this.watcher?.close();
    this.watcher = undefined;
  }

  /** True while a file watcher is open (tests use it to prove close() released it). */
  get watching(): boolean {
    return this.watcher !== undefined;
  }

  private async reloadNow(): Promise<ReloadResult> {
    const { logger } = this.opts;
    const kept = this.loaded.version;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      return this.reject(failure(this.file, `cannot read the config file: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`));
    }
    if (contentVersion(text) === kept) {
      return { applied: false, version: kept, report: `${this.file}: unchanged (version ${kept})`, outcome: 'unchanged' };
    }
    let result: CheckResult;
    try {
      result = await checkConfigText(text, this.file, { soundsDir: this.opts.soundsDir });
    } catch (err) {
      // A bug in a check must not take the running config down with it.
      return this.reject(failure(this.file, `the check itself failed: ${(err as Error).message}`));
    }
    if (result.ok && result.config) {
      const report = formatReport(result);
      const previous = this.loaded;
      this.loaded = ConfigStore.freeze(result, this.opts.clock);
      logger.info('flow config applied', { file: this.file, version: result.version, previous: previous.version, warnings: this.loaded.warnings.length });
      for (const w of this.loaded.warnings) logger.warn(`flow config warning: ${w.path}: ${w.message}`, { file: this.file, line: w.line });
      this.notify('applied', this.loaded);
      return { applied: true, version: result.version, report, outcome: 'applied' };
    }
    return this.reject(result);
  }

  private reject(result: CheckResult): ReloadResult {
    const kept = this.loaded.version;
    const report = formatReport(result);
    this.opts.logger.error(`flow config rejected, keeping version ${kept}\n${report}`, { file: this.file, rejected: result.version, kept });
    this.notify('rejected', { file: this.file, version: result.version, keptVersion: kept, findings: result.findings, report });
    return { applied: false, version: kept, report, outcome: 'rejected' };
  }

  /** Emits without letting a listener's exception turn a reload into a rejected promise. */
  private notify<K extends keyof ConfigStoreEvents>(event: K, ...args: ConfigStoreEvents[K]): void {
    try {
      (this.emit as (e: K, ...a: ConfigStoreEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      this.opts.logger.error(`a flow config '${event}' listener failed`, { error: (err as Error).message });
    }
  }

  private startWatching(): void {
    const dir = path.dirname(this.file);
    const base = path.basename(this.file);
    // Watch the folder, not the file: editors save by writing a new file and
    // renaming it over the old one, which ends a watch on the old file.
    this.watcher = watch(dir, (_event, name) => {
      if (this.closed || (name !== null && name.toString() !== base)) return;
      this.opts.clock.clearTimeout(this.debounce);
      this.debounce = this.opts.clock.setTimeout(() => {
        this.debounce = undefined;
        if (!this.closed) void this.reload();
      }, this.opts.debounceMs ?? 150);
    });
    this.watcher.on('error', (err) => {
      this.opts.logger.error('flow config watch failed; reload with SIGHUP instead', { file: this.file, error: err.message });
      this.watcher?.close();
      this.watcher = undefined;
    });
  }
}

/** Reloads the store whenever the process gets `signal` (main.ts: SIGHUP); returns a function that stops it. */
export function reloadOnSignal(store: ConfigStore, signal: NodeJS.Signals = 'SIGHUP'): () => void {
  const onSignal = (): void => {
    void store.reload();
  };
  process.on(signal, onSignal);
  return () => {
    process.off(signal, onSignal);
  };
}

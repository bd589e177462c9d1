/**
 * The service's logger (winston): readable lines on a terminal, one JSON
 * object per line otherwise (for log shippers). Secrets never reach a log:
 * every entry passes through redactSecrets first.
 */
import winston from 'winston';
import { redactSecrets } from './redact.js';

/** The logger type the rest of the code depends on. */
export type Logger = winston.Logger;

/** Options for createLogger. */
export interface LoggerOptions {
  level?: string;
  /** Force JSON (true) or readable (false) output; default: JSON unless stdout is a TTY. */
  json?: boolean;
  /** Extra values to scrub from every entry (e.g. the ARI password). */
  secrets?: string[];
  /** Write nowhere (tests); entries still pass through formatting. */
  silent?: boolean;
}

/** Builds the process logger. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const json = opts.json ?? !process.stdout.isTTY;
  const secrets = (opts.secrets ?? []).filter((s) => s.length >= 3);
  const scrub = winston.format((info) => redactSecrets(info, secrets) as winston.Logform.TransformableInfo)();
  const readable = winston.format.printf((info) => {
    const { level, message, timestamp, ...rest } = info as Record<string, unknown>;
    const extra = Object.keys(rest).length ? ' ' + JSON.stringify(rest) : '';
    return `${String(timestamp)} ${String(level)} ${String(message)}${extra}`;
  });
  return winston.createLogger({
    level: opts.level ?? 'info',
    silent: opts.silent ?? false,
    format: winston.format.combine(
      scrub,
      winston.format.timestamp(),
      json ? winston.format.json() : winston.format.combine(winston.format.colorize(), readable),
    ),
    transports: [new winston.transports.Console({ stderrLevels: ['error'] })],
  });
}

/** A logger that drops everything (tests that do not inspect logs). */
export function silentLogger(): Logger {
  return createLogger({ silent: true });
}

/**
 * Ops server settings from the environment (or .env, loaded by main):
 * OPS_HOST, OPS_PORT, OPS_TOKEN. Bound to loopback it may run without a
 * token (only this machine reaches it); bound beyond loopback it refuses to
 * start without one, since the callback queue holds callers' numbers.
 */
import { EnvError } from '../env.js';

/** Where the ops server listens and the token it asks for. */
export interface OpsEnv {
  host: string;
  port: number;
  /** Undefined: no token set (allowed on loopback only). */
  token: string | undefined;
}

export const DEFAULT_OPS_PORT = 8089;
export const DEFAULT_OPS_HOST = '127.0.0.1';
/** Shorter tokens are guessable; the check is constant-time, not rate-limited. */
const MIN_TOKEN_LENGTH = 16;

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Reads and checks the ops settings; throws EnvError with a message an admin can act on. */
export function opsOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OpsEnv {
  const host = env['OPS_HOST']?.trim() || DEFAULT_OPS_HOST;
  const portText = env['OPS_PORT']?.trim() || String(DEFAULT_OPS_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 0 || port > 65_535) {
    throw new EnvError(`OPS_PORT must be a port number from 0 to 65535 (got ${portText})`);
  }
  const token = env['OPS_TOKEN']?.trim() || undefined;
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new EnvError(`OPS_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (e.g. openssl rand -hex 24)`);
  }
  if (token === undefined && !isLoopback(host)) {
    throw new EnvError(`OPS_HOST is ${host}, beyond this machine, so OPS_TOKEN must be set (environment or .env); or bind OPS_HOST=127.0.0.1`);
  }
  return { host, port, token };
}

/**
 * Service settings from the environment (or a .env file, loaded by main).
 * Credentials live only here, never in the flow config or the repo.
 */

import { parseTransportMode, TRANSPORT_MODES, type TransportMode } from './ari/transport.js';

/** Settings the service runs with. */
export interface ServiceEnv {
  /** ARI base URL; undefined means "run on the built-in simulator". */
  ariUrl: string | undefined;
  ariUsername: string;
  ariPassword: string;
  ariApp: string;
  /** How ARI REST requests travel (ARI_TRANSPORT, default auto: on the event WebSocket when Asterisk takes them there). */
  ariTransport: TransportMode;
  logLevel: string;
  flowConfig: string;
  /** How long calls get to finish on SIGINT/SIGTERM. */
  drainSeconds: number;
}

/** A setting that is missing or malformed. */
export class EnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvError';
  }
}

const LEVELS = new Set(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']);

/** Reads and checks the settings; throws EnvError with a message an admin can act on. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): ServiceEnv {
  let ariUrl = env['ARI_URL']?.trim() || undefined;
  if (ariUrl) {
    let u: URL;
    try {
      u = new URL(ariUrl);
    } catch {
      throw new EnvError(`ARI_URL is not a URL: expected e.g. http://127.0.0.1:8088/ari`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new EnvError(`ARI_URL must start with http:// or https:// (got ${u.protocol})`);
    }
    if (u.username || u.password) {
      throw new EnvError('ARI_URL must not carry credentials: use ARI_USERNAME and ARI_PASSWORD');
    }
    // ari-client and Asterisk's own examples write the server without /ari
    // (http://host:8088); every ARI resource lives under /ari, so take that form.
    if (u.pathname === '/' || u.pathname === '') ariUrl = `${u.origin}/ari`;
    if (!env['ARI_USERNAME'] || !env['ARI_PASSWORD']) {
      throw new EnvError('ARI_URL is set, so ARI_USERNAME and ARI_PASSWORD must be set too (environment or .env)');
    }
  }
  const logLevel = (env['LOG_LEVEL'] ?? 'info').toLowerCase();
  if (!LEVELS.has(logLevel)) throw new EnvError(`LOG_LEVEL must be one of ${[...LEVELS].join(', ')} (got ${logLevel})`);
  const app = env['ARI_APP']?.trim() || 'hotline';
  if (!/^[A-Za-z0-9_.-]+$/.test(app)) throw new EnvError(`ARI_APP may contain letters, digits, _ . - only (got ${app})`);
  const rawTransport = env['ARI_TRANSPORT']?.trim() || 'auto';
  const transport = parseTransportMode(rawTransport);
  if (!transport) throw new EnvError(`ARI_TRANSPORT must be one of ${TRANSPORT_MODES.join(', ')} (got ${rawTransport})`);
  const drain = Number(env['DRAIN_SECONDS'] ?? '30');
  if (!Number.isFinite(drain) || drain < 0 || drain > 600) throw new EnvError('DRAIN_SECONDS must be a number of seconds from 0 to 600');
  return {
    ariUrl,
    ariUsername: env['ARI_USERNAME'] ?? '',
    ariPassword: env['ARI_PASSWORD'] ?? '',
    ariApp: app,
    ariTransport: transport,
    logLevel,
    flowConfig: env['FLOW_CONFIG']?.trim() || 'flows/hotline.yaml',
    drainSeconds: drain,
  };
}

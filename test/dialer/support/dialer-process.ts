/**
 * One callback dialer in a process of its own, for the two-process test on
 * PostgreSQL: a controller instance as the service runs it (real clock,
 * PgCallbackQueue, AriClient to the simulator). Environment: SIM_URL,
 * SIM_PASSWORD, TEST_DATABASE_URL, PG_SCHEMA, INSTANCE.
 * Prints "ready" once connected, starts dialling on "go" (a stdin line),
 * prints "attempt <json>" after each attempt, and stops cleanly when stdin
 * ends (or dies at once on SIGKILL: the test's crash).
 */
import { createInterface } from 'node:readline';
import { AriClient } from '../../../src/ari/client.js';
import { RealClock } from '../../../src/clock/clock.js';
import type { AttemptReport } from '../../../src/dialer/attempt.js';
import { startDialer } from '../../../src/dialer/start-dialer.js';
import { createLogger } from '../../../src/log/logger.js';
import { loadPromptLengths } from '../../../src/sounds/prompt-lengths.js';
import { PgCallbackQueue } from '../../../src/store/pg-callback-queue.js';
import { testTransport } from '../../helpers/harness.js';
import { processDialerConfig } from './process-dialer-config.js';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`dialer-process: ${name} is not set`);
  return v;
};
const instance = env('INSTANCE');
const password = env('SIM_PASSWORD');
// Errors only, to stderr (the test shows it when a child fails); stdout carries the protocol lines.
const logger = createLogger({ level: 'error', json: true, secrets: [password] });
const clock = new RealClock();
const queue = await PgCallbackQueue.open({ connectionString: env('TEST_DATABASE_URL'), clock, schema: env('PG_SCHEMA') });
// One Stasis app per instance: Asterisk gives an app's events to one connection only.
const client = new AriClient({ url: env('SIM_URL'), username: 'test', password, app: `hotline-${instance}`, clock, logger, ...testTransport() });
await client.connect();
const config = processDialerConfig();
const promptLengthMs = await loadPromptLengths();

const lines = createInterface({ input: process.stdin });
const go = new Promise<void>((resolve) => lines.once('line', () => resolve()));
const ended = new Promise<void>((resolve) => lines.once('close', () => resolve()));
process.stdout.write('ready\n');
await Promise.race([go, ended]);

const dialer = await startDialer({ client, queue, clock, logger, currentConfig: () => config, instanceId: instance, promptLengthMs });
dialer.on('attempt-ended', (r: AttemptReport) => {
  process.stdout.write(`attempt ${JSON.stringify({ requestId: r.requestId, outcome: r.outcome, recorded: r.recorded })}\n`);
});
await ended;
await dialer.stop();
client.close();
await queue.close();

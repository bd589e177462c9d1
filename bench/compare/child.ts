/**
 * One client's run, in a process of its own (so CPU and RSS are that
 * client's alone). argv[2] is a JSON ChildArgs; the last stdout line is the
 * CompareResult, or {client, unavailable} when the client cannot run here.
 */
import { CLIENTS } from './clients.js';
import { runLoad } from './load-runner.js';
import type { CompareSettings } from './run-compare.js';

/** What the parent passes: the comparison's settings for one client. */
export type ChildArgs = Omit<CompareSettings, 'only'> & { client: string };

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const entry = CLIENTS.find((c) => c.name === args.client);
if (!entry) throw new Error(`unknown client ${args.client}`);
const driver = (await entry.load())({ url: args.url, username: args.username, password: args.password, app: args.app });
await driver.connect();
if (driver.unavailableReason !== undefined) {
  await driver.close();
  process.stdout.write(JSON.stringify({ client: args.client, unavailable: driver.unavailableReason }) + '\n');
} else {
  const result = await runLoad(driver, { client: args.client, calls: args.calls, concurrency: args.concurrency, endpoint: args.endpoint, media: args.media, callTimeoutMs: 30_000 });
  // Said by the run itself, so the table cannot claim compiled code it did not run.
  const compiledJs = import.meta.url.endsWith('.js') && !process.execArgv.some((a) => a.includes('tsx'));
  process.stdout.write(JSON.stringify({ ...result, compiledJs }) + '\n');
}
// Some clients keep timers (reconnect, keep-alive) after close; the run is over.
process.exit(0);

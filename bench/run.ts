/**
 * `npm run bench`: compiles src/ and bench/ (the clients run as compiled
 * JavaScript from dist/, as production does), starts the simulated Asterisk
 * in its own process (or uses a real one when ARI_URL is set), runs each part
 * and writes bench/results/latest.json. Keep this file a small orchestrator:
 * one file per part.
 * Options: --quick (fewer calls), --calls N, --concurrency N, --store-only
 * (only the store part; its figures replace the "store" key of latest.json),
 * --no-scale (skip the scale part). BENCH_NODE_ARGS: node flags for each
 * comparison child, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
 * Scale knobs (environment): BENCH_SCALE=0 skips it; BENCH_SCALE_SIZES
 * (default 1000,5000; --quick 200), BENCH_SCALE_FLOWS (default hold,silent),
 * BENCH_SCALE_RATE (callers placed per second, default 250),
 * BENCH_SCALE_WINDOW_S (parked window on hold, default 35: every call has
 * one 30 s check-in in it), BENCH_SCALE_STORM=0 skips the reconnect storm.
 * The scale part always runs on the simulator (it places the callers).
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes('--quick');
const CALLS = Number(flag('--calls') ?? (quick ? 60 : 300));
const CONCURRENCY = Number(flag('--concurrency') ?? 20);
const PASSWORD = process.env['BENCH_PASSWORD'] ?? 'bench-password';
const STORE_ONLY = argv.includes('--store-only');
const STORE_SIZES = quick ? { captures: 300, pending: 10_000, claims: 300 } : { captures: 2_000, pending: 10_000, claims: 2_000 };
const RESULTS = 'bench/results/latest.json';

const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.bench.json'], { stdio: 'inherit' });
if (build.status !== 0) throw new Error('bench: compiling to dist/ failed');
const { runCompare, formatCompare } = (await import('../dist/bench/compare/run-compare.js' as string)) as typeof import('./compare/run-compare.js');
const { runStoreBench, formatStoreBench, runPgStoreBench, formatPgStoreBench } = (await import('../dist/bench/store-bench.js' as string)) as typeof import('./store-bench.js');
const { runScale, formatScale } = (await import('../dist/bench/scale/run-scale.js' as string)) as typeof import('./scale/run-scale.js');
const { scaleSettingsFromEnv } = (await import('../dist/bench/scale/scale-settings.js' as string)) as typeof import('./scale/scale-settings.js');
const SCALE = argv.includes('--no-scale') ? undefined : scaleSettingsFromEnv(process.env, quick);

async function storePart(): Promise<Awaited<ReturnType<typeof runStoreBench>> & { postgresql?: Awaited<ReturnType<typeof runPgStoreBench>> }> {
  const store = await runStoreBench(STORE_SIZES);
  console.log(formatStoreBench(store));
  // PostgreSQL only where a database for it is given: the bench makes and drops its own schema there.
  const pgUrl = process.env['BENCH_DATABASE_URL']?.trim();
  if (!pgUrl) {
    console.log('store (PostgreSQL): not run; set BENCH_DATABASE_URL to a database the bench may create a schema in');
    return store;
  }
  const postgresql = await runPgStoreBench(pgUrl, STORE_SIZES);
  console.log(formatPgStoreBench(postgresql));
  return { ...store, postgresql };
}

if (STORE_ONLY) {
  const store = await storePart();
  const previous: Record<string, unknown> = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>) : {};
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(RESULTS, JSON.stringify({ ...previous, storeDate: new Date().toISOString(), store }, null, 2) + '\n');
  console.log(`store figures written to ${RESULTS}`);
  process.exit(0);
}

async function startSim(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['dist/bench/sim-process.js'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, BENCH_PASSWORD: PASSWORD } });
  const rl = createInterface({ input: child.stdout });
  const [line] = (await once(rl, 'line')) as [string];
  return { url: line.trim(), stop: () => child.stdin.end() };
}

const real = process.env['ARI_URL'];
const sim = real ? undefined : await startSim();
try {
  const url = real ?? (sim as { url: string }).url;
  const machine = `${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const date = new Date().toISOString();
  console.log(`hotline bench ${date.slice(0, 10)}: ${machine}; against ${real ? 'a real Asterisk (ARI_URL)' : 'the simulator'}`);
  console.log(`clients run as compiled JavaScript from dist/ (npm run build), not under tsx; each in its own process; ${CALLS} calls, ${CONCURRENCY} at a time`);
  const rows = await runCompare(
    {
      url,
      username: real ? (process.env['ARI_USERNAME'] ?? 'bench') : 'bench',
      password: real ? (process.env['ARI_PASSWORD'] ?? '') : PASSWORD,
      app: process.env['BENCH_APP'] ?? 'bench',
      calls: CALLS,
      concurrency: CONCURRENCY,
      endpoint: process.env['BENCH_ENDPOINT'] ?? 'Local/silent@caller/n',
      media: process.env['BENCH_MEDIA'] ?? 'sound:beep',
    },
    'dist/bench/compare/child.js',
    // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles each client (space-separated node flags).
    process.env['BENCH_NODE_ARGS']?.trim() ? (process.env['BENCH_NODE_ARGS'] as string).trim().split(/\s+/) : [],
  );
  console.log(formatCompare(rows));
  const loaded = rows.filter((r) => 'result' in r && r.result.compiledJs !== true).map((r) => `(${r.key})`);
  console.log(loaded.length === 0 ? 'every client ran as compiled JavaScript (checked in each child: a .js entry, no tsx loader)' : `WARNING: ${loaded.join(', ')} did not run as compiled JavaScript`);
  // Stopped before the scale part: its runs bring their own simulator, and this one would only take CPU.
  sim?.stop();
  let scale: { settings: typeof SCALE; rows: Awaited<ReturnType<typeof runScale>> } | undefined;
  if (SCALE) {
    const { sizes, flows, perSecond, windowMs, storm } = SCALE;
    console.log(`scale: the service (compiled) and the simulator in two processes, real time; ${flows.join(' and ')} at ${sizes.join(' and ')} calls, placed at ${perSecond}/s${storm ? '; reconnect storm on the largest hold size' : ''}; hold window ${windowMs / 1000} s`);
    const scaleRows = await runScale(SCALE, (line) => console.log(line));
    console.log(formatScale(scaleRows));
    scale = { settings: SCALE, rows: scaleRows };
  } else {
    console.log('scale: not run (BENCH_SCALE=0 or --no-scale)');
  }
  const store = await storePart();
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(RESULTS, JSON.stringify({ date, machine, target: real ? 'asterisk' : 'simulator', calls: CALLS, concurrency: CONCURRENCY, compare: rows, scale, store }, null, 2) + '\n');
  console.log(`figures written to ${RESULTS}`);
} finally {
  sim?.stop();
}

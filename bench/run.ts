/**
 * `npm run bench`: starts the simulated Asterisk in its own process, then
 * runs the client load in another process (so CPU and RSS are the client's
 * alone) and prints the numbers with the machine and date. Absolute numbers
 * vary on shared machines; compare runs made the same day on the same host.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { createInterface } from 'node:readline';

const CALLS = Number(process.env['BENCH_CALLS'] ?? 300);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 20);

async function startSim(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sim-process.ts'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const rl = createInterface({ input: child.stdout });
  const [line] = (await once(rl, 'line')) as [string];
  return { url: line.trim(), stop: () => child.stdin.end() };
}

async function runLoad(url: string): Promise<Record<string, number>> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/client-load.ts', url, String(CALLS), String(CONCURRENCY)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  if (code !== 0) throw new Error(`client load exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, number>;
}

const sim = await startSim();
try {
  const r = await runLoad(sim.url);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`hotline bench: ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} x ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
  console.log(`our ARI client, ${r['calls']} calls (answer, play, hang up), ${CONCURRENCY} at a time, against the simulator:`);
  console.log(`  CPU per call       ${r['cpuMsPerCall']?.toFixed(3)} ms`);
  console.log(`  peak RSS           ${r['peakRssMb']?.toFixed(1)} MB`);
  console.log(`  answer latency     p50 ${r['answerP50Ms']?.toFixed(2)} ms, p95 ${r['answerP95Ms']?.toFixed(2)} ms (target: under 100 ms)`);
  console.log(`  wall time          ${r['wallSeconds']?.toFixed(1)} s, failures ${r['failures']}`);
} finally {
  sim.stop();
}

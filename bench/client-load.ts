/**
 * Drives N calls through our ARI client: originate into the app (20 at a
 * time), and for each call answer, play a short prompt, hang up. Reports CPU
 * per call, peak RSS and answer latency (StasisStart received -> answer
 * confirmed), as JSON on stdout.
 */
import { RealClock } from '../src/clock/clock.js';
import { silentLogger } from '../src/log/logger.js';
import { AriClient } from '../src/ari/client.js';
import type { ChannelHandle } from '../src/ari/channel-handle.js';

/** Options for runClientLoad. */
interface LoadOptions {
  url: string;
  password: string;
  calls: number;
  concurrency: number;
}

/** What one load run measured. */
interface LoadResult {
  calls: number;
  cpuMsPerCall: number;
  peakRssMb: number;
  answerP50Ms: number;
  answerP95Ms: number;
  wallSeconds: number;
  failures: number;
}

/** Runs the load with our client. */
async function runClientLoad(o: LoadOptions): Promise<LoadResult> {
  const clock = new RealClock();
  const client = new AriClient({ url: o.url, username: 'bench', password: o.password, app: 'bench', clock, logger: silentLogger(), pingIntervalMs: 0 });
  await client.connect();
  const latencies: number[] = [];
  let failures = 0;
  let done = 0;
  let peakRss = process.memoryUsage().rss;
  const finished = new Map<string, () => void>();
  client.on('call', (ch: ChannelHandle) => {
    const t0 = performance.now();
    void (async () => {
      try {
        await ch.answer();
        latencies.push(performance.now() - t0);
        const r = await ch.play('sound:bench/short');
        if (r.status !== 'finished') failures++;
        await ch.hangup();
      } catch {
        failures++;
      }
      await ch.endedPromise;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      done++;
      finished.get(ch.id)?.();
    })();
  });
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < o.calls) {
      const id = `bench-${next++}`;
      const ended = new Promise<void>((r) => finished.set(id, r));
      await client.rest.request('POST', '/channels', { endpoint: 'Local/silent@caller/n', app: 'bench', channelId: id });
      await ended;
      finished.delete(id);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  client.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    calls: done,
    cpuMsPerCall: (cpu.user + cpu.system) / 1000 / Math.max(1, done),
    peakRssMb: peakRss / 1024 / 1024,
    answerP50Ms: pct(0.5),
    answerP95Ms: pct(0.95),
    wallSeconds: wall / 1000,
    failures,
  };
}

// Run as a child process of bench/run.ts: options from argv, result as JSON on stdout.
const [url, calls, concurrency] = process.argv.slice(2);
const result = await runClientLoad({
  url: url ?? '',
  password: process.env['BENCH_PASSWORD'] ?? 'bench-password',
  calls: Number(calls ?? 300),
  concurrency: Number(concurrency ?? 20),
});
process.stdout.write(JSON.stringify(result) + '\n');

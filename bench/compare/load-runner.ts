/**
 * The child-process side of the comparison: drives N calls through one
 * driver, `concurrency` at a time, and measures the process's own CPU, peak
 * RSS and answer latency (StasisStart seen -> answer confirmed).
 */
import type { BenchCall, CompareResult, Driver } from './driver.js';

/** Load settings. */
export interface LoadSettings {
  client: string;
  calls: number;
  concurrency: number;
  endpoint: string;
  media: string;
  /** A call that does not end within this is counted as failed (ms). */
  callTimeoutMs: number;
}

/** Runs the load; never throws for a failed call (it is counted). */
export async function runLoad(driver: Driver, s: LoadSettings): Promise<CompareResult> {
  const latencies: number[] = [];
  let failures = 0;
  // rss() alone: memoryUsage() also walks the heap spaces, which showed in every client's profile.
  let peakRss = process.memoryUsage.rss();
  const waiting = new Map<string, () => void>();
  driver.onCall((call: BenchCall, t0: number) => {
    void handle(call, t0);
  });
  async function handle(call: BenchCall, t0: number): Promise<void> {
    try {
      await call.answer();
      latencies.push(performance.now() - t0);
      await call.play(s.media);
      await call.hangup();
      await call.ended;
    } catch {
      failures++;
    }
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    waiting.get(call.id)?.();
  }
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < s.calls) {
      const id = `bench-${s.client}-${process.pid}-${next++}`;
      let timer: NodeJS.Timeout | undefined;
      const ended = new Promise<boolean>((resolve) => {
        waiting.set(id, () => resolve(true));
        timer = setTimeout(() => resolve(false), s.callTimeoutMs);
      });
      try {
        await driver.originate(id, s.endpoint);
        if (await ended) done++;
        else failures++;
      } catch {
        failures++;
      }
      clearTimeout(timer);
      waiting.delete(id);
    }
  };
  await Promise.all(Array.from({ length: s.concurrency }, worker));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  await driver.close();
  return {
    client: s.client,
    calls: done,
    failures,
    cpuMsPerCall: (cpu.user + cpu.system) / 1000 / Math.max(1, done),
    answerP50Ms: percentile(latencies, 0.5),
    answerP99Ms: percentile(latencies, 0.99),
    peakRssMb: peakRss / 1024 / 1024,
    wallSeconds: wall / 1000,
  };
}

/** The p-th quantile (nearest rank) of samples; NaN when empty. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

/**
 * The side-by-side part of `npm run bench`: runs (a) to (f) one after
 * another, each in its own child process from the compiled dist/, against the
 * same server, and adds the ratios to (a) and (c).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { CLIENTS } from './clients.js';
import type { CompareResult } from './driver.js';

/** Settings of the comparison. */
export interface CompareSettings {
  url: string;
  username: string;
  password: string;
  app: string;
  calls: number;
  concurrency: number;
  endpoint: string;
  media: string;
  /** Only these clients (names), or all. */
  only?: string[];
}

/** One row: measured, or why it could not run. */
export type CompareRow = { key: string; label: string } & ({ result: CompareResult; ratioToA?: number; ratioToC?: number } | { unavailable: string });

/** Runs the comparison; a client that fails to run becomes an unavailable row. */
export async function runCompare(s: CompareSettings, childScript: string, nodeArgs: string[] = []): Promise<CompareRow[]> {
  const rows: CompareRow[] = [];
  for (const c of CLIENTS) {
    if (s.only && !s.only.includes(c.name)) continue;
    const args = JSON.stringify({ client: c.name, url: s.url, username: s.username, password: s.password, app: s.app, calls: s.calls, concurrency: s.concurrency, endpoint: s.endpoint, media: s.media });
    const child = spawn(process.execPath, [...nodeArgs, childScript, args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    const last = out.trim().split('\n').pop() ?? '';
    let parsed: (CompareResult & { unavailable?: string }) | undefined;
    try {
      parsed = JSON.parse(last) as CompareResult & { unavailable?: string };
    } catch {
      parsed = undefined;
    }
    if (code !== 0 || !parsed) rows.push({ key: c.key, label: c.label, unavailable: `exited with ${code}: ${err.trim().split('\n').slice(-1)[0] ?? ''}` });
    else if (parsed.unavailable !== undefined) rows.push({ key: c.key, label: c.label, unavailable: parsed.unavailable });
    else rows.push({ key: c.key, label: c.label, result: parsed });
  }
  const cpuOf = (key: string): number | undefined => {
    const r = rows.find((x) => x.key === key);
    return r && 'result' in r ? r.result.cpuMsPerCall : undefined;
  };
  const a = cpuOf('a');
  const cc = cpuOf('c');
  for (const r of rows) {
    if (!('result' in r)) continue;
    if (a) r.ratioToA = r.result.cpuMsPerCall / a;
    if (cc) r.ratioToC = r.result.cpuMsPerCall / cc;
  }
  return rows;
}

/** The terminal table. */
export function formatCompare(rows: CompareRow[]): string {
  const lines = ['| client | CPU ms/call | ratio to (a) | ratio to (c) | answer p50 / p99 ms | peak RSS MB | calls ok/failed |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const r of rows) {
    if (!('result' in r)) {
      lines.push(`| (${r.key}) ${r.label} | not available: ${r.unavailable} | | | | | |`);
      continue;
    }
    const x = r.result;
    const ratio = (v: number | undefined): string => (v === undefined ? 'n/a' : v.toFixed(2));
    lines.push(`| (${r.key}) ${r.label} | ${x.cpuMsPerCall.toFixed(2)} | ${ratio(r.ratioToA)} | ${ratio(r.ratioToC)} | ${x.answerP50Ms.toFixed(1)} / ${x.answerP99Ms.toFixed(1)} | ${x.peakRssMb.toFixed(1)} | ${x.calls}/${x.failures} |`);
  }
  return lines.join('\n');
}

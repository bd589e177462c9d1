/**
 * The scale part of `npm run bench`: for each flow (hold, silent line) and
 * size, a fresh simulator process and a fresh controller process (the real
 * service, compiled, on real time); the simulator places the callers at a
 * steady rate and the controller reports what its hooks measured. Hold:
 * figures over a window in which every call is parked on hold and has one
 * check-in (30 s), then the heap per idle call, then the reconnect storm on
 * the largest size (the socket dropped with every call up). Silent line:
 * figures over the calls' whole lives (greeting, the repeat after 5 s of
 * silence, the close, our hang-up).
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import type { ScaleFlow, SimRequest } from './scale-sim.js';
import type { ControllerRequest, WindowFigures } from './scale-controller.js';
import type { StormResult } from './readoption-timer.js';

/** Settings of the scale part (BENCH_SCALE_* knobs). */
export interface ScaleSettings {
  sizes: number[];
  flows: ScaleFlow[];
  /** Callers placed per second. */
  perSecond: number;
  /** Hold: how long the parked window lasts (ms); at least one check-in interval. */
  windowMs: number;
  /** Hold: wait after the last call is placed before the window opens (ms): permission question + silence. */
  settleMs: number;
  /** Run the reconnect storm on the largest hold size. */
  storm: boolean;
  /** Compiled scripts. */
  simScript: string;
  controllerScript: string;
}

/** One row of the scale table. */
export interface ScaleRow {
  flow: ScaleFlow;
  calls: number;
  figures: WindowFigures;
  /** Controller CPU per call over the row's run (setup, parking or whole life), ms. */
  cpuMsPerCall: number;
  /** Hold only: heap growth per parked call (bytes). */
  heapPerCallBytes?: number;
  /** Simulator CPU over the row (ms), to tell when it is the bottleneck. */
  simCpuMs: number;
  wallSeconds: number;
  /** The machine's 1-minute load average at the end of the row (2 cores shared with other work: above 2 means we waited for a core). */
  loadAverage: number;
  storm?: StormResult & { loopDelayMaxMs: number; liveCalls: number };
  problems: string[];
}

/** A forked child with request/answer by op. */
class Peer {
  private readonly waiting = new Map<string, { resolve: (m: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  readonly errors: string[] = [];
  private exitedWith: string | undefined;

  constructor(readonly child: ChildProcess) {
    child.on('message', (m: Record<string, unknown>) => {
      const op = String(m['op']);
      if (op === 'error') this.errors.push(String(m['message']));
      const w = this.waiting.get(op);
      this.waiting.delete(op);
      w?.resolve(m);
    });
    // A send that races the child's exit: the exit below reports it.
    child.on('error', (err) => this.errors.push(err.message));
    // A child that dies fails what is waited for at once, instead of at the time-out.
    child.on('exit', (code, signal) => {
      this.exitedWith = `exited (${signal ?? code})`;
      const all = [...this.waiting.entries()];
      this.waiting.clear();
      for (const [op, w] of all) w.reject(new Error(`scale: ${this.child.spawnargs.join(' ')} ${this.exitedWith} before its '${op}'; ${this.errors.join('; ')}`));
    });
  }

  next(op: string, timeoutMs = 600_000): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      if (this.exitedWith !== undefined) {
        reject(new Error(`scale: ${this.child.spawnargs.join(' ')} ${this.exitedWith}; ${this.errors.join('; ')}`));
        return;
      }
      const t = setTimeout(() => {
        this.waiting.delete(op);
        reject(new Error(`scale: no '${op}' from ${this.child.spawnargs.join(' ')} within ${timeoutMs} ms; ${this.errors.join('; ')}`));
      }, timeoutMs);
      this.waiting.set(op, {
        resolve: (m) => {
          clearTimeout(t);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(t);
          reject(e);
        },
      });
    });
  }

  ask(m: SimRequest | ControllerRequest, timeoutMs?: number): Promise<Record<string, unknown>> {
    const answer = this.next(m.op, timeoutMs);
    if (this.exitedWith === undefined && this.child.connected) this.child.send(m);
    return answer;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Extra node flags for the controller: BENCH_SCALE_PROFILE=<dir> writes a
 * --cpu-prof there; BENCH_SCALE_NODE_ARGS adds flags (space-separated), to
 * try runtime settings such as GC flags against the same load.
 */
function controllerNodeArgs(): string[] {
  const dir = process.env['BENCH_SCALE_PROFILE']?.trim();
  const extra = process.env['BENCH_SCALE_NODE_ARGS']?.trim();
  return [...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []), ...(extra ? extra.split(/\s+/) : [])];
}

/** Waits for a child to exit; kills it when it has not within ms. */
async function exited(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  const t = setTimeout(() => child.kill(), ms);
  await gone;
  clearTimeout(t);
}

/** Runs every flow and size; never throws for a row that went wrong (its problems are listed). */
export async function runScale(s: ScaleSettings, progress: (line: string) => void = () => undefined): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = [];
  const largest = Math.max(...s.sizes);
  for (const flow of s.flows) {
    for (const calls of s.sizes) {
      progress(`scale: ${flow}, ${calls} calls at ${s.perSecond}/s ...`);
      const t0 = performance.now();
      try {
        rows.push(await runOne(s, flow, calls, s.storm && flow === 'hold' && calls === largest));
      } catch (err) {
        // The row says what went wrong; the other rows and the rest of the bench still run.
        rows.push(failedRow(flow, calls, (performance.now() - t0) / 1000, err instanceof Error ? err.message : String(err)));
      }
    }
  }
  return rows;
}

async function runOne(s: ScaleSettings, flow: ScaleFlow, calls: number, withStorm: boolean): Promise<ScaleRow> {
  const password = 'scale-bench';
  const t0 = performance.now();
  const sim = new Peer(fork(s.simScript, [], { env: { ...process.env, BENCH_PASSWORD: password }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: ['--max-old-space-size=4096'] }));
  const ctl = new Peer(fork(s.controllerScript, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: ['--expose-gc', '--max-old-space-size=4096', ...controllerNodeArgs()] }));
  const problems: string[] = [];
  try {
    const [ready] = await Promise.all([sim.next('ready'), ctl.next('ready')]);
    const simCpu0 = Number(ready['cpuMs']);
    await ctl.ask({ op: 'start', url: String(ready['url']), username: 'bench', password, app: 'hotline' });
    await ctl.ask({ op: 'baseline' });
    const lifeMs = calls / s.perSecond * 1000;
    let figures: WindowFigures;
    let storm: ScaleRow['storm'];
    if (flow === 'hold') {
      await sim.ask({ op: 'place', flow, calls, perSecond: s.perSecond, app: 'hotline' }, lifeMs + 120_000);
      await sleep(s.settleMs);
      await ctl.ask({ op: 'window-start' });
      await sleep(s.windowMs);
      figures = (await ctl.ask({ op: 'window-end' })) as unknown as WindowFigures;
      if (withStorm) storm = (await ctl.ask({ op: 'storm', timeoutMs: 30_000 }, 60_000)) as unknown as ScaleRow['storm'];
      await sim.ask({ op: 'hangup-all' }, 120_000);
    } else {
      await ctl.ask({ op: 'window-start' });
      await sim.ask({ op: 'place', flow, calls, perSecond: s.perSecond, app: 'hotline' }, lifeMs + 120_000);
      const ended = await sim.ask({ op: 'wait-ended', timeoutMs: 120_000 }, 180_000);
      if (ended['ended'] !== ended['calls']) problems.push(`${Number(ended['calls']) - Number(ended['ended'])} silent calls did not end within 120 s of the last one placed`);
      figures = (await ctl.ask({ op: 'window-end' })) as unknown as WindowFigures;
    }
    const simCpuMs = Number((await sim.ask({ op: 'stop' }))['cpuMs']) - simCpu0;
    if (figures.callsSeen !== calls) problems.push(`the controller saw ${figures.callsSeen} of ${calls} calls`);
    if (flow === 'hold' && figures.liveCalls !== calls) problems.push(`${calls - figures.liveCalls} held calls were not live at the end of the window`);
    if (storm && storm.readopted !== storm.callsUp) problems.push(`${storm.callsUp - storm.readopted} calls not re-adopted after the storm`);
    problems.push(...sim.errors, ...ctl.errors);
    const row: ScaleRow = {
      flow,
      calls,
      figures,
      cpuMsPerCall: figures.cpuMsSinceBaseline / calls,
      simCpuMs,
      wallSeconds: (performance.now() - t0) / 1000,
      loadAverage: os.loadavg()[0] ?? NaN,
      problems,
    };
    if (flow === 'hold' && figures.liveCalls > 0) row.heapPerCallBytes = figures.heapGrowthBytes / figures.liveCalls;
    if (storm) row.storm = storm;
    return row;
  } finally {
    await ctl.ask({ op: 'stop' }, 20_000).catch(() => undefined);
    // Both exit by themselves after 'stop' (a profile, when asked for, is written on exit).
    await Promise.all([exited(sim.child, 10_000), exited(ctl.child, 30_000)]);
  }
}

function failedRow(flow: ScaleFlow, calls: number, wallSeconds: number, problem: string): ScaleRow {
  const none = { count: 0, p50: NaN, p99: NaN, max: NaN };
  return {
    flow,
    calls,
    figures: { liveCalls: 0, callsSeen: 0, eventToCommand: none, timerLateness: none, loopDelay: { p99: NaN, max: NaN }, cpuMsSinceBaseline: NaN, heapGrowthBytes: NaN, gc: { count: 0, totalMs: NaN, maxMs: NaN, maxKind: 0 } },
    cpuMsPerCall: NaN,
    simCpuMs: NaN,
    wallSeconds,
    loadAverage: os.loadavg()[0] ?? NaN,
    problems: [problem],
  };
}

/** The targets of the issue, for the table's last column. */
export const SCALE_TARGETS = { eventToCommandP99Ms: 10, timerLatenessP99Ms: 50, heapPerIdleCallKb: 20, loopStallMs: 100, readoptionMs: 2000 };

/** The terminal table (markdown), plus one line for the storm. */
export function formatScale(rows: ScaleRow[]): string {
  const f = (v: number, d = 1): string => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
  const lines = [
    '| flow | calls | event->command p50 / p99 ms | timer lateness p99 ms | loop delay p99 / max ms | longest GC pause ms | heap KB per idle call | CPU ms per call | sim CPU s | wall s | load avg |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const x = r.figures;
    const heap = r.heapPerCallBytes === undefined ? 'n/a (not idle)' : f(r.heapPerCallBytes / 1024);
    lines.push(
      `| ${r.flow === 'hold' ? 'hold (30 s check-ins)' : 'silent line'} | ${r.calls} | ${f(x.eventToCommand.p50, 2)} / ${f(x.eventToCommand.p99, 2)} | ${f(x.timerLateness.p99)} | ${f(x.loopDelay.p99)} / ${f(x.loopDelay.max)} | ${f(x.gc.maxMs)} | ${heap} | ${f(r.cpuMsPerCall, 2)} | ${f(r.simCpuMs / 1000)} | ${f(r.wallSeconds, 0)} | ${f(r.loadAverage)} |`,
    );
  }
  for (const r of rows) {
    if (r.storm) {
      const st = r.storm;
      lines.push('', `reconnect storm, ${st.callsUp} held calls up: link back ${f(st.dropToLinkMs, 0)} ms after the drop; all ${st.readopted} re-adopted ${f(st.linkToReadoptedMs, 0)} ms after the link returned (target <= ${SCALE_TARGETS.readoptionMs} ms); loop delay max ${f(st.loopDelayMaxMs)} ms`);
    }
    for (const p of r.problems) lines.push(`problem (${r.flow}, ${r.calls}): ${p}`);
  }
  return lines.join('\n');
}

/**
 * The simulated Asterisk of the scale run, in a process of its own (forked
 * with an IPC channel), on real time. It places the scripted callers the
 * bench asks for, at a steady rate, waits for calls to end by themselves or
 * hangs up the ones still on the line. Messages in: place, wait-ended,
 * hangup-all, stop; each is answered with a
 * message of the same op. Its own CPU is reported, so a run can tell when
 * the simulator, not the controller, is the bottleneck.
 */
import { RealClock } from '../../src/clock/clock.js';
import { silentLogger } from '../../src/log/logger.js';
import { SimulatedAsterisk, type SimCall } from '../../src/sim/index.js';
import type { CallerStep } from '../../src/sim/callers/caller-script.js';

/** The two parked populations of the scale run. */
export type ScaleFlow = 'hold' | 'silent';

/** Messages the bench sends. */
export type SimRequest =
  | { op: 'place'; flow: ScaleFlow; calls: number; perSecond: number; app: string }
  | { op: 'wait-ended'; timeoutMs: number }
  | { op: 'hangup-all' }
  | { op: 'stop' };

/**
 * What each caller does. hold: presses 2 (the order look-up) during the
 * greeting, then stays silent, which the permission question takes as
 * consent, so the call is held with check-ins. silent: says and presses
 * nothing (the silent-line rule: repeat after 5 s, then the close).
 */
const SCRIPTS: Record<ScaleFlow, CallerStep[]> = {
  hold: [{ waitForAnswer: true }, { wait: 500 }, { press: '2' }],
  silent: [{ waitForAnswer: true }],
};

const password = process.env['BENCH_PASSWORD'] ?? 'bench-password';
const sim = new SimulatedAsterisk({ clock: new RealClock(), username: 'bench', password, logger: silentLogger() });
await sim.start();
let calls: SimCall[] = [];
const send = (m: Record<string, unknown>): void => {
  process.send?.(m);
};
const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/** Places `n` calls evenly spread at `perSecond`; resolves when the last is placed. */
function place(flow: ScaleFlow, n: number, perSecond: number, app: string): Promise<void> {
  const t0 = performance.now();
  let placed = 0;
  return new Promise<void>((resolve) => {
    const tick = (): void => {
      // Catch up to the schedule in one go when a tick fires late.
      const due = Math.min(n, Math.floor(((performance.now() - t0) / 1000) * perSecond) + 1);
      for (; placed < due; placed++) calls.push(sim.placeCall({ app, script: SCRIPTS[flow], from: `1380013${String(placed % 10_000).padStart(4, '0')}` }));
      if (placed >= n) resolve();
      else setTimeout(tick, 10);
    };
    tick();
  });
}

// The bench went away (killed, crashed): do not outlive it.
process.on('disconnect', () => process.exit(0));
process.on('message', (m: SimRequest) => {
  void (async () => {
    switch (m.op) {
      case 'place': {
        const before = cpuMs();
        await place(m.flow, m.calls, m.perSecond, m.app);
        send({ op: 'place', placeCpuMs: cpuMs() - before });
        break;
      }
      case 'wait-ended': {
        let ended = 0;
        for (const c of calls) void c.ended.then(() => ended++);
        const all = Promise.all(calls.map((c) => c.ended));
        await Promise.race([all, new Promise((r) => setTimeout(r, m.timeoutMs))]);
        send({ op: 'wait-ended', calls: calls.length, ended });
        break;
      }
      case 'hangup-all': {
        const up = calls.length;
        const ends = calls.map((c) => c.ended);
        for (const c of calls) c.hangup();
        const results = await Promise.all(ends);
        calls = [];
        send({ op: 'hangup-all', up, notInStasis: results.filter((r) => !r.enteredStasis).length, cpuMs: cpuMs() });
        break;
      }
      case 'stop':
        await sim.stop();
        send({ op: 'stop', cpuMs: cpuMs() });
        process.exit(0);
    }
  })().catch((err: unknown) => send({ op: 'error', message: err instanceof Error ? err.stack ?? err.message : String(err) }));
});
send({ op: 'ready', url: sim.url, cpuMs: cpuMs() });

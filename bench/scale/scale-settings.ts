/**
 * The scale part's settings from BENCH_SCALE_* (see bench/run.ts). The
 * defaults are the sizes; a value that is not a positive number is
 * an error, not a silent default.
 */
import type { ScaleSettings } from './run-scale.js';
import type { ScaleFlow } from './scale-sim.js';

/** Reads the knobs; undefined when BENCH_SCALE=0 turns the part off. */
export function scaleSettingsFromEnv(env: NodeJS.ProcessEnv, quick: boolean): ScaleSettings | undefined {
  if (env['BENCH_SCALE']?.trim() === '0') return undefined;
  const positive = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const v = Number(raw);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
    return v;
  };
  const sizesRaw = env['BENCH_SCALE_SIZES']?.trim();
  const sizes = sizesRaw ? sizesRaw.split(',').map((x) => Math.round(Number(x))) : quick ? [200] : [1000, 5000];
  if (sizes.some((n) => !Number.isFinite(n) || n <= 0)) throw new Error(`BENCH_SCALE_SIZES must be positive call counts separated by commas, not "${sizesRaw ?? ''}"`);
  const flowsRaw = env['BENCH_SCALE_FLOWS']?.trim();
  const flows = (flowsRaw ? flowsRaw.split(',').map((x) => x.trim()) : ['hold', 'silent']) as ScaleFlow[];
  for (const f of flows) if (f !== 'hold' && f !== 'silent') throw new Error(`BENCH_SCALE_FLOWS takes hold and silent, not "${f}"`);
  return {
    sizes,
    flows,
    perSecond: positive('BENCH_SCALE_RATE', 250),
    windowMs: positive('BENCH_SCALE_WINDOW_S', 35) * 1000,
    // The permission question (reason + question, about 12 s) and its 5 s of silence, with margin.
    settleMs: 22_000,
    storm: env['BENCH_SCALE_STORM']?.trim() !== '0',
    simScript: 'dist/bench/scale/scale-sim.js',
    controllerScript: 'dist/bench/scale/scale-controller.js',
  };
}

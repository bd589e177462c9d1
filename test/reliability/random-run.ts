/**
 * One seeded reliability run: random inbound callers through every flow,
 * then random callback requests through the dialer. The test asserts on
 * the figures; a reliability command can import runRandomCalls and print
 * them (calls run, callbacks confirmed and lost, leaks, longest silence).
 */
import { runRandomDialer, type DialerFigures } from './random-dialer.js';
import { runRandomInbound, type InboundFigures } from './random-inbound.js';

/** Dialled callback requests per inbound call: the dialer's share of a run. */
export const DIALER_SHARE = 0.05;

/** The dialer's own stream from the seed, so the inbound callers stay what they were for a seed. */
export function dialerSeed(seed: number): number {
  return (seed ^ 0x5eed) >>> 0;
}

/** The figures of one run. */
export interface RandomRunFigures {
  seed: number;
  /** Inbound calls plus dialled callback requests. */
  callsRun: number;
  inbound: InboundFigures;
  dialer: DialerFigures;
  /** Promise rejections nobody handled during the run (must be 0). */
  unhandledRejections: number;
  callbacksConfirmed: number;
  callbacksLost: number;
  leaks: number;
  /** Longest silence heard by any inbound caller or answered customer (ms). */
  longestSilenceMs: number;
  /** Everything that broke a rule (empty when the run passed). */
  problems: string[];
}

/** Runs `calls` seeded inbound callers and ceil(calls × DIALER_SHARE) dialled requests. */
export async function runRandomCalls(seed: number, calls: number): Promise<RandomRunFigures> {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => void rejections.push(reason);
  process.on('unhandledRejection', onRejection);
  let inbound: InboundFigures;
  let dialer: DialerFigures;
  try {
    inbound = await runRandomInbound(seed, calls);
    dialer = await runRandomDialer(dialerSeed(seed), Math.ceil(calls * DIALER_SHARE));
  } finally {
    process.off('unhandledRejection', onRejection);
  }
  return {
    seed,
    callsRun: inbound.calls + dialer.requests,
    inbound,
    dialer,
    unhandledRejections: rejections.length,
    callbacksConfirmed: inbound.confirmed,
    callbacksLost: inbound.lost,
    leaks: inbound.leaks + dialer.leaks,
    longestSilenceMs: Math.max(inbound.longestSilenceMs, dialer.longestSilenceMs),
    problems: [...inbound.problems, ...dialer.problems.map((p) => `dialer: ${p}`), ...rejections.map((r) => `unhandled rejection: ${r instanceof Error ? r.message : String(r)}`)],
  };
}

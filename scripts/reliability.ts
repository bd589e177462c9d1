/**
 * `npm run reliability`: the figures of docs/reliability.md in one run.
 *   1. one call per fault kind on the simulator's virtual clock;
 *   2. load with faults in real time: N concurrent calls (default 1,000)
 *      while the socket drops twice and 1 % of requests fail, beside the
 *      same load with no faults (for the answer p99 it must hold);
 *   3. the seeded random callers and the dialer (test/reliability/random-run.ts,
 *      the same run random-callers.test.ts asserts on).
 * Prints a table and writes bench/results/reliability.json; exits 1 when
 * an invariant breaks (a call not ended, a leak, a lost callback, a
 * silence past the limit).
 * Options: --calls N (load), --fuzz N (random callers, default 2,000), --seed N (or FUZZ_SEED), --quick.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { SCENARIOS, runScenario, type ScenarioFigures } from '../test/reliability/support/fault-scenarios.js';
import { ANSWER_P99_LIMIT_MS, runFaultLoad, SILENCE_LIMIT_MS, type FaultLoadFigures } from '../test/reliability/support/fault-load.js';
import { runRandomCalls, type RandomRunFigures } from '../test/reliability/random-run.js';
import { SILENT_GAP_MS, SILENT_GAP_SLACK_MS } from '../src/ops/call-facts.js';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const quick = argv.includes('--quick');
const LOAD_CALLS = Number(flag('--calls') ?? (quick ? 200 : 1_000));
const FUZZ_CALLS = Number(flag('--fuzz') ?? (quick ? 300 : 2_000));
const FUZZ_SEED = Number(flag('--seed') ?? process.env['FUZZ_SEED'] ?? 20261203);

const problems: string[] = [];

console.log('1. fault scenarios (virtual time)');
const scenarios: ScenarioFigures[] = [];
for (const sc of SCENARIOS) {
  const f = await runScenario(sc);
  scenarios.push(f);
  console.log(`   ${f.name.padEnd(24)} faults ${String(f.faults).padStart(3)}  silence ${String(f.longestSilenceMs).padStart(6)} ms  leaks ${f.leaks}  callbacks ${f.callbacksConfirmed} (lost ${f.callbacksLost})  ${f.endedPolitely ? 'ended politely' : 'NOT POLITE'}`);
  if (f.leaks > 0 || f.callbacksLost > 0 || !f.endedPolitely || f.longestSilenceMs > SILENCE_LIMIT_MS) problems.push(`scenario ${f.name}`);
}

console.log(`2. load with faults, real time: ${LOAD_CALLS} concurrent calls`);
const baseline: FaultLoadFigures = await runFaultLoad({ calls: LOAD_CALLS, time: 'real', failShare: 0, drops: false });
console.log(`   no faults:   answer p50/p99 ${baseline.answerP50Ms}/${baseline.answerP99Ms} ms, longest silence ${baseline.longestSilenceMs} ms, ${(baseline.wallMs / 1000).toFixed(0)} s`);
const load: FaultLoadFigures = await runFaultLoad({ calls: LOAD_CALLS, time: 'real' });
const loadLeaks = Object.values(load.leftovers).reduce((a, b) => a + Math.abs(b), 0);
console.log(`   with faults: answer p50/p99 ${load.answerP50Ms}/${load.answerP99Ms} ms (p99 of calls placed while the link was up ${load.answerP99UpMs} ms), longest silence ${load.longestSilenceMs} ms, ${load.socketDrops} socket drops, ${load.faultsInjected} faults, ${load.ended}/${load.calls} ended (${load.notInStasis} rang during an outage and went to the dialplan's apology), leaks ${loadLeaks} ${JSON.stringify(load.leftovers)}, ${(load.wallMs / 1000).toFixed(0)} s`);
if (load.ended !== load.calls || loadLeaks !== 0 || load.longestSilenceMs > SILENCE_LIMIT_MS) problems.push('load with faults');
// "Held": the faults must not make answering slower than the same load without them
// (the machine's own load moves both; the section 1 figure is printed beside it).
const heldLimit = Math.max(baseline.answerP99Ms * 1.5, baseline.answerP99Ms + 50);
if (load.answerP99UpMs > heldLimit) problems.push(`answer p99 with faults ${load.answerP99UpMs} ms past ${heldLimit} ms`);

console.log(`3. random callers and the dialer (test/reliability/random-run.ts, seed ${FUZZ_SEED}, ${FUZZ_CALLS} calls)`);
const fuzz: RandomRunFigures = await runRandomCalls(FUZZ_SEED, FUZZ_CALLS);
const fuzzOk = fuzz.problems.length === 0 && fuzz.unhandledRejections === 0 && fuzz.leaks === 0 && fuzz.callbacksLost === 0;
// Here music on hold counts as silence (no word from us): the 30-second rule of sections 4 and 8.
const fuzzSilenceLimit = SILENT_GAP_MS + SILENT_GAP_SLACK_MS;
console.log(
  `   ${fuzz.inbound.calls} callers, ${fuzz.dialer.requests} dialled requests: ${fuzz.callbacksConfirmed} callbacks confirmed (lost ${fuzz.callbacksLost}), leaks ${fuzz.leaks}, unhandled rejections ${fuzz.unhandledRejections}, longest without a word ${fuzz.longestSilenceMs} ms (limit ${fuzzSilenceLimit} ms), ${fuzzOk ? 'no escaped error' : 'FAILED'}; FUZZ_SEED=${FUZZ_SEED} replays it`,
);
if (!fuzzOk) {
  problems.push('random callers');
  console.log(fuzz.problems.slice(0, 40).join('\n'));
}
if (fuzz.longestSilenceMs > fuzzSilenceLimit) problems.push(`random callers: ${fuzz.longestSilenceMs} ms without a word`);
const fuzzCalls = fuzz.callsRun;
const fuzzConfirmed = fuzz.callbacksConfirmed;

const totals = {
  callsRun: scenarios.length + baseline.calls + load.calls + fuzzCalls,
  faultsInjected: scenarios.reduce((a, s) => a + s.faults, 0) + load.faultsInjected,
  callbacksConfirmed: scenarios.reduce((a, s) => a + s.callbacksConfirmed, 0) + fuzzConfirmed,
  callbacksLost: scenarios.reduce((a, s) => a + s.callbacksLost, 0) + fuzz.callbacksLost,
  leaks: scenarios.reduce((a, s) => a + s.leaks, 0) + loadLeaks + Object.values(baseline.leftovers).reduce((a, b) => a + Math.abs(b), 0) + fuzz.leaks,
  longestSilenceMs: Math.max(load.longestSilenceMs, baseline.longestSilenceMs, ...scenarios.map((s) => s.longestSilenceMs)),
  silenceLimitMs: SILENCE_LIMIT_MS,
  randomCallersLongestWithoutWordMs: fuzz.longestSilenceMs,
  answerP99Ms: { noFaults: baseline.answerP99Ms, withFaults: load.answerP99Ms, withFaultsLinkUp: load.answerP99UpMs },
};
const machine = `${os.cpus().length}-core ${os.cpus()[0]?.model ?? ''}`.trim();
const date = new Date().toISOString();
console.log('');
console.log(`reliability, ${date}, ${machine}, node ${process.version}`);
console.log(`  calls run            ${totals.callsRun}`);
console.log(`  faults injected      ${totals.faultsInjected}`);
console.log(`  callbacks confirmed  ${totals.callbacksConfirmed}, lost ${totals.callbacksLost}`);
console.log(`  leaks                ${totals.leaks}`);
console.log(`  longest silence      ${totals.longestSilenceMs} ms under faults (limit ${SILENCE_LIMIT_MS} ms); random callers ${fuzz.longestSilenceMs} ms without a word (limit ${fuzzSilenceLimit} ms)`);
console.log(`  answer p99           ${baseline.answerP99Ms} ms without faults, ${load.answerP99UpMs} ms with faults for calls placed while the link was up (held: at most ${heldLimit} ms), ${load.answerP99Ms} ms for all; section 1 wants ${ANSWER_P99_LIMIT_MS} ms: ${Math.max(baseline.answerP99Ms, load.answerP99UpMs) <= ANSWER_P99_LIMIT_MS ? 'met' : 'NOT met on this run (see docs/reliability.md)'}`);
console.log(problems.length === 0 ? '  all invariants held' : `  BROKEN: ${problems.join(', ')}`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/reliability.json', JSON.stringify({ date, machine, node: process.version, totals, scenarios, load, baseline, randomCallers: { seed: FUZZ_SEED, calls: fuzzCalls, confirmed: fuzzConfirmed, ok: fuzzOk, inbound: { ...fuzz.inbound, problems: fuzz.inbound.problems.length }, dialer: { ...fuzz.dialer, problems: fuzz.dialer.problems.length } } }, null, 2) + '\n');
process.exit(problems.length === 0 ? 0 : 1);

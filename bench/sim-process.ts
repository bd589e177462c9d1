/**
 * The simulated Asterisk in a process of its own, so the benchmark measures
 * the client's CPU and memory only. Prints its URL on stdout, then serves
 * until stdin closes.
 */
import { RealClock } from '../src/clock/clock.js';
import { silentLogger } from '../src/log/logger.js';
import { SimulatedAsterisk } from '../src/sim/index.js';

const sim = new SimulatedAsterisk({
  clock: new RealClock(),
  username: 'bench',
  password: process.env['BENCH_PASSWORD'] ?? 'bench-password',
  logger: silentLogger(),
  // Short prompt so the benchmark measures call handling, not listening.
  soundLengths: { 'sound:bench/short': 200 },
});
await sim.start();
process.stdout.write(`${sim.url}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void sim.stop().then(() => process.exit(0));
});

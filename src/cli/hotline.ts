/**
 * `hotline` command line (npm run check, npx hotline check). Prints the
 * check report to stdout; usage errors go to stderr. Exit 0 when the file
 * has no errors (warnings allowed), 1 when it has errors, 2 on usage errors.
 * `hotline callbacks ...` (the callback queue) lives in callbacks-command.ts,
 * `hotline calls ...` (the running service's calls) in calls-command.ts.
 */
import dotenv from 'dotenv';
import { checkConfigFile } from '../config/check.js';
import { formatReport } from '../config/report.js';
import { parseCommand, USAGE } from './args.js';
import { runCallbacksCommand } from './callbacks-command.js';
import { runCallsCommand } from './calls-command.js';

/** Output streams, so the command can be run in-process too. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Runs the command line and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Its own options and subcommands: parsed by its own module.
  if (argv[0] === 'callbacks') return runCallbacksCommand(argv.slice(1), { ...io, env: process.env, cwd: process.cwd() });
  if (argv[0] === 'calls') return runCallsCommand(argv.slice(1), { ...io, env: process.env });
  const cmd = parseCommand(argv);
  if (cmd.kind === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (cmd.kind === 'usage-error') {
    io.err(`hotline: ${cmd.message}\n${USAGE}`);
    return 2;
  }
  const result = await checkConfigFile(cmd.file, cmd.soundsDir === undefined ? {} : { soundsDir: cmd.soundsDir });
  io.out(formatReport(result));
  return result.ok ? 0 : 1;
}

// Settings such as OPS_TOKEN and DATABASE_URL may live in .env, as for the service.
dotenv.config({ quiet: true });
process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});

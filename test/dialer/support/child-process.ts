/** A child process of a multi-process test, with every stdout line kept (none lost while the test awaits another child). */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** A running child. */
export interface LineChild {
  child: ChildProcessWithoutNullStreams;
  /** Every stdout line so far. */
  lines: string[];
  /** Resolves with the first line (already printed or to come) that matches; rejects if the child exits first. */
  waitFor(match: (line: string) => boolean): Promise<string>;
  /** What the child wrote to stderr (for failure messages). */
  stderr(): string;
  /** Resolves when the child has exited: [code, signal]. */
  exited: Promise<[number | null, NodeJS.Signals | null]>;
}

/** Runs a TypeScript file under tsx with extra environment variables. */
export function startTsChild(file: string, env: Record<string, string>): LineChild {
  const child = spawn(process.execPath, ['--import', 'tsx', file], { env: { ...process.env, ...env } });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const lines: string[] = [];
  const waiters: { match: (l: string) => boolean; resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  let gone: Error | undefined;
  createInterface({ input: child.stdout }).on('line', (l) => {
    lines.push(l);
    for (const w of waiters.filter((x) => x.match(l))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(l);
    }
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  void exited.then(([code, signal]) => {
    gone = new Error(`child ${file} exited (${String(code ?? signal)}): ${err.slice(-2_000)}`);
    for (const w of waiters.splice(0)) w.reject(gone);
  });
  return {
    child,
    lines,
    exited,
    stderr: () => err,
    waitFor(match) {
      const seen = lines.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      if (gone) return Promise.reject(gone);
      return new Promise((resolve, reject) => waiters.push({ match, resolve, reject }));
    },
  };
}

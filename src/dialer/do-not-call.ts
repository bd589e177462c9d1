/**
 * The do-not-call check: the ops file (dialer.doNotCallFile: one number per
 * line, # starts a comment) plus the list kept in the callback queue (what
 * callees asked for on a call). The file is read once per check so an edit
 * takes effect on the next call without a restart; a file that cannot be
 * read stops dialling (we would rather not call than call someone on it).
 */
import { readFile } from 'node:fs/promises';
import type { CallbackQueue } from '../store/callback-queue.js';
import type { Clock } from '../clock/clock.js';

/** Numbers in a do-not-call file's text. */
export function parseDoNotCall(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const n = (line.split('#')[0] ?? '').trim().replace(/[\s-]/g, '');
    if (n) out.add(n);
  }
  return out;
}

/** Why a number must not be called, or undefined when it may be. */
export async function doNotCallReason(number: string, queue: CallbackQueue, file: string | undefined, clock: Clock): Promise<string | undefined> {
  if (file !== undefined) {
    let text: string;
    // Real I/O: held on the clock like every other, so a virtual clock does not run ahead of the read.
    const release = clock.hold(`do-not-call file ${file}`);
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new Error(`do-not-call file ${file} could not be read: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      release();
    }
    if (parseDoNotCall(text).has(number)) return 'on the do-not-call file';
  }
  if (await queue.isDoNotCall(number)) return 'on the do-not-call list';
  return undefined;
}

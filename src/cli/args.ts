/**
 * Command-line parsing for `hotline`. Usage mistakes are values (exit 2
 * with a usage line), never exceptions thrown at the user.
 */
import { parseArgs } from 'node:util';

/** The usage text printed for --help and after a usage error. */
export const USAGE = `usage: hotline check [file] [--sounds DIR | --no-sounds]
       hotline callbacks list|show|cancel|done|export ...   (hotline callbacks --help)

  check    validate a flow config (default flows/hotline.yaml): YAML, schema,
           references, menu graph, opening hours, prompt audio, and the call
           standards (warnings). Exit 0: no errors; 1: errors; 2: usage error.
  --sounds DIR   folder with <lang>/<prompt-id>.wav (default: the repo's sounds/)
  --no-sounds    skip the prompt audio check
  callbacks      the callback queue: list, show, cancel, mark done, export`;

/** A parsed command line. */
export type Command =
  | { kind: 'check'; file: string; soundsDir?: string | false }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

/** The default config file for `hotline check`. */
export const DEFAULT_CONFIG_FILE = 'flows/hotline.yaml';

/** Parses argv (without node and the script). */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        sounds: { type: 'string' },
        'no-sounds': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return { kind: 'usage-error', message: (err as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [command, ...rest] = positionals;
  if (command === undefined) return { kind: 'usage-error', message: 'no command given' };
  if (command !== 'check') return { kind: 'usage-error', message: `unknown command "${command}"` };
  if (rest.length > 1) return { kind: 'usage-error', message: `check takes one file, got ${rest.length}` };
  if (values.sounds !== undefined && values['no-sounds']) return { kind: 'usage-error', message: '--sounds and --no-sounds together' };
  if (values.sounds === '') return { kind: 'usage-error', message: '--sounds needs a folder' };
  const soundsDir = values['no-sounds'] ? false : values.sounds;
  return soundsDir === undefined ? { kind: 'check', file: rest[0] ?? DEFAULT_CONFIG_FILE } : { kind: 'check', file: rest[0] ?? DEFAULT_CONFIG_FILE, soundsDir };
}

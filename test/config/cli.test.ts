/**
 * The `hotline check` command, run as a child process the way ops staff
 * run it: report text and exit codes 0 (no errors), 1 (errors), 2 (usage).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { allPromptIds } from '../../src/config/prompts-check.js';
import { HotlineConfigSchema } from '../../src/config/schema.js';
import { FIXTURES, makeSoundsDir, removeDir, REPO } from './helpers.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a script of the repo with node + tsx from the repo root. */
function run(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: REPO, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const hotline = (...args: string[]): Promise<Run> => run(['--import', 'tsx', 'src/cli/hotline.ts', ...args]);
const fixture = (name: string): string => path.relative(REPO, path.join(FIXTURES, name));

describe('hotline check (CLI)', () => {
  let sounds: string;
  before(() => {
    const ids = allPromptIds(HotlineConfigSchema.parse(parse(readFileSync(path.join(FIXTURES, 'valid.yaml'), 'utf8'))));
    sounds = makeSoundsDir(ids);
  });
  after(() => removeDir(sounds));

  it('exit 0 and an OK summary for a valid file', async () => {
    const r = await hotline('check', fixture('valid.yaml'), '--sounds', sounds);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.match(/^OK test\/config\/fixtures\/valid\.yaml: no errors, 0 warnings \(version [0-9a-f]{12}\)$/);
  });

  it('exit 0 with warnings listed', async () => {
    const r = await hotline('check', fixture('warnings-only.yaml'), '--sounds', sounds);
    expect(r.code).to.equal(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).to.equal('Warnings (2):');
    expect(lines[1]).to.match(/^ {2}test\/config\/fixtures\/warnings-only\.yaml:17:19 timings\.checkInSeconds: checkInSeconds is 45, outside the call standards \(standard: at most 30 s/);
    expect(lines[2]).to.match(/^ {2}test\/config\/fixtures\/warnings-only\.yaml:28:9 retries\.menu: /);
    expect(lines[3]).to.match(/^OK .*: no errors, 2 warnings/);
  });

  it('exit 1 with errors then warnings, each file:line:col path: message (allowed: ...)', async () => {
    const r = await hotline('check', fixture('bad-several.yaml'), '--no-sounds');
    expect(r.code).to.equal(1);
    const lines = r.stdout.trim().split('\n');
    const f = 'test/config/fixtures/bad-several.yaml';
    expect(lines[0]).to.equal('Errors (3):');
    expect(lines[1]).to.match(new RegExp(`^  ${f}:16:3 timings\\.silenceSecond: unknown key "silenceSecond" \\(did you mean "silenceSeconds"\\?\\) \\(allowed: keys of timings: `));
    expect(lines[2]).to.equal(`  ${f}:60:38 menu.keys.1.target: key 1 transfers to "salez", which is not in targets (allowed: one of sales, service-desk)`);
    expect(lines[3]).to.match(new RegExp(`^  ${f}:82:13 hours\\.timezone: unknown time zone "Mars/Olympus" \\(allowed: `));
    expect(lines[4]).to.equal('Warnings (2):');
    expect(lines.at(-1)).to.match(/^FAILED test\/config\/fixtures\/bad-several\.yaml: 3 errors, 2 warnings \(version [0-9a-f]{12}\)$/);
  });

  it('exit 1 for a YAML syntax error', async () => {
    const r = await hotline('check', fixture('bad-syntax.yaml'), '--no-sounds');
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain('bad-syntax.yaml:61:5: YAML: Flow map in block collection must be sufficiently indented and end with a }');
  });

  it('exit 1 for missing prompt audio', async () => {
    const empty = makeSoundsDir(['some-other-prompt']);
    try {
      const r = await hotline('check', fixture('valid.yaml'), '--sounds', empty);
      expect(r.code).to.equal(1);
      expect(r.stdout).to.contain('valid.yaml:32:14 prompts.greeting[0]: prompt "greeting-courtesy" has no audio');
      expect(r.stdout).to.contain('system prompt "digit-0"');
    } finally {
      removeDir(empty);
    }
  });

  it('exit 1 for a file that does not exist', async () => {
    const r = await hotline('check', 'flows/nope.yaml');
    expect(r.code).to.equal(1);
    expect(r.stdout).to.contain('flows/nope.yaml: cannot read the config file: no such file');
  });

  it('checks flows/hotline.yaml when no file is given', async () => {
    const shipped = makeSoundsDir(allPromptIds(HotlineConfigSchema.parse(parse(readFileSync(path.join(REPO, 'flows/hotline.yaml'), 'utf8')))));
    try {
      const r = await hotline('check', '--sounds', shipped);
      expect(r.code, r.stdout).to.equal(0);
      expect(r.stdout).to.match(/^OK flows\/hotline\.yaml: no errors/m);
    } finally {
      removeDir(shipped);
    }
  });

  for (const [why, args] of [
    ['no command', []],
    ['an unknown command', ['lint']],
    ['an unknown option', ['check', '--bogus']],
    ['--sounds without a folder', ['check', '--sounds']],
    ['two files', ['check', 'a.yaml', 'b.yaml']],
  ] as [string, string[]][]) {
    it(`exit 2 and the usage on stderr for ${why}`, async () => {
      const r = await hotline(...args);
      expect(r.code).to.equal(2);
      expect(r.stdout).to.equal('');
      expect(r.stderr).to.match(/^hotline: /);
      expect(r.stderr).to.contain('usage: hotline check [file]');
    });
  }

  it('--help prints the usage and exits 0', async () => {
    const r = await hotline('--help');
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain('usage: hotline check [file]');
  });

  it('bin/hotline.js runs the same command (npx hotline check)', async () => {
    const ok = await run(['bin/hotline.js', 'check', fixture('valid.yaml'), '--sounds', sounds]);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.match(/^OK /);
    const bad = await run(['bin/hotline.js', 'check', fixture('bad-several.yaml'), '--no-sounds']);
    expect(bad.code).to.equal(1);
    const usage = await run(['bin/hotline.js', 'frobnicate']);
    expect(usage.code).to.equal(2);
  });
});

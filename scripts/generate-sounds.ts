/**
 * `npm run sounds [-- --only id1,id2] [-- --force] [-- --check]`
 *
 * Renders sounds/catalog.yaml to sounds/<lang>/<id>.wav with espeak-ng and
 * sox, only where the text, voice or effects changed (sounds/manifest.json).
 * --check changes nothing and exits 1 when a file is missing or stale (it
 * needs neither tool). Commit the WAVs and the manifest: deploys ship them.
 */
import { parseArgs } from 'node:util';
import { generateSounds, checkSounds, ToolsMissingError } from '../src/sounds/generate.js';
import { CatalogError } from '../src/sounds/catalog.js';

const USAGE = `usage: npm run sounds [-- --only id1,id2] [-- --force] [-- --check]
  --only ids   render only these prompt ids (comma-separated)
  --force      render even files that are up to date
  --check      change nothing; exit 1 if any WAV is missing or stale`;

function main(): Promise<number> | number {
  let values: { only?: string; force?: boolean; check?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { only: { type: 'string' }, force: { type: 'boolean' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const opts = { only, force: values.force ?? false, log: (line: string) => console.log(line) };

  if (values.check) {
    const plan = checkSounds(opts);
    const stale = plan.jobs.filter((j) => j.stale && j.stale !== 'forced');
    for (const j of stale) console.log(`stale: ${j.key} (${j.stale})`);
    for (const o of plan.orphans) console.log(`orphan: ${o} (not in the catalog)`);
    if (stale.length || plan.orphans.length) {
      console.log('run `npm run sounds` and commit sounds/');
      return 1;
    }
    console.log(`all ${plan.jobs.length} prompt files match the catalog`);
    return 0;
  }

  return generateSounds(opts).then((report) => {
    const upToDate = report.jobs.length - report.rendered.length;
    console.log(`${report.rendered.length} rendered, ${upToDate} up to date, ${report.removed.length} removed`);
    return 0;
  });
}

function fail(err: unknown): number {
  if (err instanceof ToolsMissingError) {
    console.error(`Prompt generation needs ${err.tools.join(' and ')}, which ${err.tools.length > 1 ? 'are' : 'is'} not installed.`);
    console.error('Install them (Debian/Ubuntu, as root):');
    console.error('  apt-get update && apt-get install -y espeak-ng sox');
    return 1;
  }
  console.error(err instanceof CatalogError ? err.message : err);
  return 1;
}

try {
  process.exitCode = await main();
} catch (err) {
  process.exitCode = fail(err);
}

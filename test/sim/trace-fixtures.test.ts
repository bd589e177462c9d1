import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TRACE_DIR } from './support/trace-replay.js';

/** The shared folder beside the repo, where the recorded traces are published. */
const SHARED = fileURLToPath(new URL('../../../shared/asterisk-traces/', import.meta.url));

describe('recorded Asterisk traces used by the replay tests', () => {
  it('are all present in the test fixtures', () => {
    const files = readdirSync(TRACE_DIR).filter((f) => f.endsWith('.jsonl'));
    expect(files.length).to.be.at.least(11);
  });

  it('match the published copy in ../shared/asterisk-traces when it is there', function () {
    if (!existsSync(SHARED)) this.skip();
    for (const f of readdirSync(SHARED).filter((n) => n.endsWith('.jsonl'))) {
      const ours = path.join(TRACE_DIR, f);
      expect(existsSync(ours), `${f} is missing from test/sim/traces: copy it in`).to.equal(true);
      expect(readFileSync(ours, 'utf8'), `${f} differs from shared/: copy the new recording in`).to.equal(readFileSync(path.join(SHARED, f), 'utf8'));
    }
  });
});

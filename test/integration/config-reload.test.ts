import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHarness, at, type Harness } from '../helpers/harness.js';
import { ConfigStore } from '../../src/config/store.js';
import { silentLogger } from '../../src/log/logger.js';

describe('hot reload during live calls (simulator, virtual time)', function () {
  let h: Harness;
  let store: ConfigStore;
  let file: string;

  beforeEach(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hotline-reload-'));
    file = path.join(dir, 'hotline.yaml');
    writeFileSync(file, readFileSync('flows/hotline.yaml', 'utf8'));
    store = await ConfigStore.open(file, { logger: silentLogger(), watch: false });
    h = await startHarness({ currentConfig: () => store.current() });
  });
  afterEach(async () => {
    store.close();
    await h.close();
  });

  it('calls in progress keep their version; new calls take the new one; a bad file changes nothing', async () => {
    const v1 = store.current().version;
    const a = h.place([]);
    await h.clock.advance(2_000);

    writeFileSync(file, readFileSync(file, 'utf8').replace('silenceSeconds: 5 ', 'silenceSeconds: 8 '));
    const applied = await store.reload();
    expect(applied.outcome).to.equal('applied');
    const v2 = store.current().version;
    expect(v2).to.not.equal(v1);
    const b = h.place([]);
    await h.clock.advance(2_000);

    writeFileSync(file, 'version: 1\norganisation: [broken\n');
    const rejected = await store.reload();
    expect(rejected.outcome).to.equal('rejected');
    expect(store.current().version).to.equal(v2);
    const c = h.place([]);

    await h.clock.runUntil(() => Boolean(a.ended() && b.ended() && c.ended()), { maxMs: 600_000 });
    const [sa, sb, sc] = [a.ended(), b.ended(), c.ended()];
    const gap = (s: NonNullable<typeof sa>): number =>
      (at(s, 'prompt-started', 'offer-help-again')[0] as number) - (at(s, 'prompt-finished', 'menu-language-option')[0] as number);
    expect(sa?.configVersion).to.equal(v1);
    expect(sb?.configVersion).to.equal(v2);
    expect(sc?.configVersion).to.equal(v2);
    expect(gap(sa!)).to.be.within(5_000, 5_050);
    expect(gap(sb!)).to.be.within(8_000, 8_050);
    expect(gap(sc!)).to.be.within(8_000, 8_050);
    expect(sa?.timeline[0]?.['configVersion']).to.equal(v1);
  });
});

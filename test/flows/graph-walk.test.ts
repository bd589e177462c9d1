/**
 * One flow graph: the outcomes `hotline check` predicts for each key of the
 * shipped menu (from the step table) against the ones the running flows
 * produce on the simulator, key by key, for a caller who presses the key and
 * then stays on the line without a word.
 */
import { expect } from 'chai';
import { startHarness, testConfig, type Harness } from '../helpers/harness.js';
import { keyOutcomes } from '../../src/config/graph.js';

describe('flows: the config check and the running flows agree on the graph (shipped config, simulator)', function () {
  const { config } = testConfig();
  let h: Harness;
  afterEach(async () => h.close());

  for (const [key, action] of Object.entries(config.menu.keys)) {
    it(`key ${key} (${action.action}) ends where the check says it can`, async () => {
      h = await startHarness();
      const s = await h.call([{ waitForPrompt: 'menu-options', on: 'end' }, { press: key }]);
      const first = s.timeline.find((e) => e.kind === 'step-result');
      expect(first?.['action']).to.equal(action.action);
      const predicted = keyOutcomes(action, config);
      expect(predicted, `the check predicts ${predicted.join(', ')} for key ${key}`).to.include(first?.['result']);
    });
  }
});

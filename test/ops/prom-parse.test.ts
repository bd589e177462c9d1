import { expect } from 'chai';
import { parseExposition } from './prom-parse.js';

describe('Prometheus exposition parser (test helper)', () => {
  it('reads HELP, TYPE, labels with escapes and histogram samples into one family', () => {
    const text = [
      '# HELP a_total Things counted.',
      '# TYPE a_total counter',
      'a_total{kind="x",note="say \\"hi\\"\\n"} 3',
      '# HELP h_seconds A histogram.',
      '# TYPE h_seconds histogram',
      'h_seconds_bucket{le="0.5"} 1',
      'h_seconds_bucket{le="+Inf"} 2',
      'h_seconds_sum 1.25',
      'h_seconds_count 2',
      '',
    ].join('\n');
    const f = parseExposition(text);
    expect(f.get('a_total')).to.deep.include({ help: 'Things counted.', type: 'counter' });
    expect(f.get('a_total')?.samples[0]).to.deep.equal({ name: 'a_total', labels: { kind: 'x', note: 'say "hi"\n' }, value: 3 });
    expect(f.get('h_seconds')?.samples.map((s) => s.name)).to.deep.equal(['h_seconds_bucket', 'h_seconds_bucket', 'h_seconds_sum', 'h_seconds_count']);
    expect(f.get('h_seconds')?.samples[1]).to.deep.equal({ name: 'h_seconds_bucket', labels: { le: '+Inf' }, value: 2 });
  });

  it('throws on a line that is neither a comment nor a sample', () => {
    expect(() => parseExposition('a_total 1\nthis is not a metric line\n')).to.throw(/not a sample line/);
    expect(() => parseExposition('a_total{kind=x} 1\n')).to.throw(/bad labels/);
  });
});

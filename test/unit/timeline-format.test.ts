import { expect } from 'chai';
import { formatTimeline } from '../../src/call/timeline.js';

describe('formatTimeline (the printed story of a call, as the demo and `hotline calls` show it)', () => {
  it('masks number fields to their last 4 digits and keeps the rest', () => {
    const text = formatTimeline([
      { t: 0, kind: 'answered', from: '13912345678' },
      { t: 12_345, kind: 'callback-stored', number: '13800138000', extension: '20011', target: 'sales' },
    ]);
    expect(text).to.not.match(/13912345678|13800138000|20011/);
    expect(text).to.include('from=*******5678');
    expect(text).to.include('number=*******8000');
    expect(text).to.include('extension=*0011');
    expect(text).to.match(/^ {2}12\.345s {2}callback-stored .*target=sales$/m);
  });
});

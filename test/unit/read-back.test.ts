import { expect } from 'chai';
import { groupDigits, readBackPrompts } from '../../src/flows/read-back.js';

describe('reading numbers back', () => {
  it('groups a mobile number 3-4-4', () => {
    expect(groupDigits('13800138000', [3, 4, 4])).to.deep.equal(['138', '0013', '8000']);
  });
  it('reuses the last group size for longer numbers', () => {
    expect(groupDigits('0105551234567', [3, 4])).to.deep.equal(['010', '5551', '2345', '67']);
  });
  it('turns digits into digit prompts with a pause between groups', () => {
    expect(readBackPrompts('1380', [3])).to.deep.equal(['digit-1', 'digit-3', 'digit-8', 'pause', 'digit-0']);
  });
});

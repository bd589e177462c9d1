/** The migration lists are numbered 1, 2, 3, ... with no gap or repeat, and the two stores move in step. */
import { expect } from 'chai';
import { PG_MIGRATIONS } from '../../src/store/pg-migrations.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite-migrations.js';

describe('store: schema migrations', () => {
  for (const [name, list] of [['SQLite', SQLITE_MIGRATIONS], ['PostgreSQL', PG_MIGRATIONS]] as const) {
    it(`${name}: numbered from 1 without gaps, each with a description and SQL`, () => {
      expect(list.map((m) => m.version)).to.deep.equal(list.map((_, i) => i + 1));
      for (const m of list) expect(m.description.length > 0 && m.sql.trim().length > 0, `migration ${m.version}`).to.equal(true);
    });
  }

  it('SQLite and PostgreSQL have the same steps (same numbers and descriptions but for the JSON column type)', () => {
    const norm = (d: string): string => d.replace(/jsonb|JSON/g, 'json');
    expect(PG_MIGRATIONS.map((m) => [m.version, norm(m.description)])).to.deep.equal(SQLITE_MIGRATIONS.map((m) => [m.version, norm(m.description)]));
  });
});

/** openCallbackQueue picks the store from the environment and explains a bad setting without leaking a password. */
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { VirtualClock } from '../../src/clock/virtual-clock.js';
import { PgCallbackQueue } from '../../src/store/pg-callback-queue.js';
import { databaseUrlPassword, describeCallbackQueue, maskPassword, openCallbackQueue } from '../../src/store/open-callback-queue.js';
import { SqliteCallbackQueue } from '../../src/store/sqlite-callback-queue.js';
import { EPOCH, REQ } from './callback-queue-contract.js';

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('store: openCallbackQueue', () => {
  let cwd: string;
  const clock = new VirtualClock(EPOCH);
  beforeEach(() => {
    cwd = mkdtempSync(path.join(os.tmpdir(), 'hotline-open-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('defaults to SQLite at ./data/callbacks.sqlite under cwd, creating the folder', async () => {
    const q = await openCallbackQueue({ env: {}, clock, cwd });
    try {
      expect(q).to.be.instanceOf(SqliteCallbackQueue);
      await q.capture(REQ);
      expect(existsSync(path.join(cwd, 'data', 'callbacks.sqlite'))).to.equal(true);
      expect(describeCallbackQueue({ env: {}, cwd })).to.equal(`SQLite ${path.join(cwd, 'data', 'callbacks.sqlite')}`);
    } finally {
      await q.close();
    }
  });

  it('takes CALLBACK_DB_PATH relative to cwd, and :memory:; a blank DATABASE_URL means unset', async () => {
    const q = await openCallbackQueue({ env: { CALLBACK_DB_PATH: 'var/q.db', DATABASE_URL: ' ' }, clock, cwd });
    await q.close();
    expect(existsSync(path.join(cwd, 'var', 'q.db'))).to.equal(true);
    const m = await openCallbackQueue({ env: { CALLBACK_DB_PATH: ':memory:' }, clock, cwd });
    await m.capture(REQ);
    expect(await m.list()).to.have.length(1);
    await m.close();
    expect(existsSync(path.join(cwd, 'data'))).to.equal(false);
  });

  it('explains a SQLite path it cannot use', async () => {
    const blocker = path.join(cwd, 'file');
    await (await openCallbackQueue({ env: { CALLBACK_DB_PATH: blocker }, clock, cwd })).close();
    const err = await rejection(openCallbackQueue({ env: { CALLBACK_DB_PATH: path.join(blocker, 'q.sqlite') }, clock, cwd }));
    expect(err.message).to.contain(`cannot open the SQLite callback queue at ${path.join(blocker, 'q.sqlite')}`);
  });

  it('gives the logger the DATABASE_URL password to mask, decoded as the driver sees it; nothing when there is none', () => {
    expect(databaseUrlPassword({ DATABASE_URL: 'postgres://hotline:p%40ss%2Fword@db:5432/hotline' })).to.equal('p@ss/word');
    expect(databaseUrlPassword({ DATABASE_URL: 'postgres://hotline@db/hotline' })).to.equal(undefined);
    expect(databaseUrlPassword({ DATABASE_URL: '  ' })).to.equal(undefined);
    expect(databaseUrlPassword({ DATABASE_URL: 'not a url' })).to.equal(undefined);
    expect(databaseUrlPassword({})).to.equal(undefined);
  });

  it('rejects a DATABASE_URL that is not PostgreSQL or not a URL, never showing the password', async () => {
    for (const url of ['mysql://app:s3cret-pw@127.0.0.1/db', 'postgres//app:s3cret-pw@127.0.0.1/db', 'postgres://app:s3cret-pw@/db']) {
      const err = await rejection(openCallbackQueue({ env: { DATABASE_URL: url }, clock, cwd }));
      expect(err.message, url).to.match(/DATABASE_URL/);
      expect(err.message, url).not.to.contain('s3cret-pw');
    }
  });

  it('explains a server it cannot reach, with the password masked', async () => {
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    const err = await rejection(openCallbackQueue({ env: { DATABASE_URL: 'postgres://app:s3cret-pw@127.0.0.1:1/hotline' }, clock, cwd }));
    expect(err.message).to.contain('cannot open the PostgreSQL callback queue at postgres://app:***@127.0.0.1:1/hotline');
    expect(err.message).not.to.contain('s3cret-pw');
    expect(describeCallbackQueue({ env: { DATABASE_URL: 'postgres://app:s3cret-pw@db:5432/x' }, cwd })).to.equal('PostgreSQL postgres://app:***@db:5432/x');
  });

  it('masks passwords in URLs and in text that does not parse as one', () => {
    expect(maskPassword('postgresql://u:p%40ss@h/db')).to.equal('postgresql://u:***@h/db');
    expect(maskPassword('postgres://u@h/db')).to.equal('postgres://u@h/db');
    expect(maskPassword('post gres://u:pw@h/db')).to.equal('post gres://u:***@h/db');
  });

  const testUrl = process.env['TEST_DATABASE_URL'];
  (testUrl ? it : it.skip)('opens PostgreSQL when DATABASE_URL is set (needs TEST_DATABASE_URL)', async () => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: testUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA ${schema}`);
      const url = new URL(testUrl as string);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const q = await openCallbackQueue({ env: { DATABASE_URL: url.toString(), CALLBACK_DB_PATH: 'never.sqlite' }, clock, cwd });
      try {
        expect(q).to.be.instanceOf(PgCallbackQueue);
        await q.capture(REQ);
        expect((await admin.query(`SELECT count(*)::int AS n FROM ${schema}.callback_requests`)).rows[0]).to.deep.equal({ n: 1 });
      } finally {
        await q.close();
      }
      expect(existsSync(path.join(cwd, 'never.sqlite'))).to.equal(false);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });
});

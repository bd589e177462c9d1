/**
 * The PostgreSQL half of the suite runs against TEST_DATABASE_URL (.ci/run
 * starts a server and sets it). Without it, a suite fails under CI (the
 * half must run there) and is skipped elsewhere with a line saying why,
 * never silently. Call it first in a describe(): it returns the URL, or
 * undefined after registering the failing or skipped test, and the caller
 * returns.
 */
export function testDatabaseUrl(what: string): string | undefined {
  const url = process.env['TEST_DATABASE_URL'];
  if (url) return url;
  if (process.env['CI'] === 'true') {
    it('needs a database', () => {
      throw new Error('TEST_DATABASE_URL is required under CI');
    });
    return undefined;
  }
  before(function () {
    console.log(`      ${what} SKIPPED: TEST_DATABASE_URL is not set (see .ci/start-postgres for a local server)`);
    this.skip();
  });
  it('runs against TEST_DATABASE_URL', () => undefined);
  return undefined;
}

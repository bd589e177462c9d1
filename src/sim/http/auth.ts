/** ARI credentials: HTTP Basic or ?api_key=user:pass, checked on every request and upgrade. */
import type { IncomingHttpHeaders } from 'node:http';

/** The realm Asterisk names in WWW-Authenticate (http.conf default). */
export const AUTH_REALM = 'Asterisk REST Interface';

/** True when the request carries the configured username and password. */
export function isAuthorized(headers: IncomingHttpHeaders, query: URLSearchParams, username: string, password: string): boolean {
  const apiKey = query.get('api_key');
  if (apiKey !== null) {
    const colon = apiKey.indexOf(':');
    if (colon >= 0 && apiKey.slice(0, colon) === username && apiKey.slice(colon + 1) === password) return true;
  }
  const header = headers.authorization;
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0 && decoded.slice(0, colon) === username && decoded.slice(colon + 1) === password) return true;
  }
  return false;
}

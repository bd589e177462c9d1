/**
 * Scrubs secrets out of log entries: known secret values anywhere in a
 * string, credentials in URLs, and fields whose names say they are secret.
 */

const SECRET_KEY = /pass(word)?|secret|token|authorization|api_?key/i;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+):([^/\s@]+)@/gi;

/** Returns text with every secret value and URL password replaced by "***". */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text.replace(URL_CREDENTIALS, '$1$2:***@');
  for (const s of secrets) {
    if (s) out = out.split(s).join('***');
  }
  return out;
}

/** Redacts a log entry in place (winston formats mutate info) and returns it. */
export function redactSecrets<T>(value: T, secrets: readonly string[], depth = 0): T {
  if (depth > 6 || value === null || value === undefined) return value;
  if (typeof value === 'string') return redactText(value, secrets) as T;
  if (typeof value !== 'object') return value;
  const obj = value as Record<string | symbol, unknown>;
  for (const key of Reflect.ownKeys(obj)) {
    const v = obj[key];
    if (typeof key === 'string' && SECRET_KEY.test(key) && typeof v === 'string') {
      obj[key] = '***';
    } else if (typeof v === 'string') {
      obj[key] = redactText(v, secrets);
    } else if (v && typeof v === 'object') {
      redactSecrets(v, secrets, depth + 1);
    }
  }
  return value;
}

/**
 * Phone numbers masked for list views, the live page and logs: only the
 * last 4 digits stay, enough to tell callers apart on a shift, not enough
 * to call them. Whole numbers are shown only in single-record views. Here
 * (not in src/ops/) so call logs can use it too.
 */

/** "13912345678" -> "*******5678"; short numbers are masked whole. */
export function maskNumber(n: string | undefined | null): string {
  if (!n) return '';
  const s = String(n);
  if (s.length <= 4) return '*'.repeat(s.length);
  return '*'.repeat(s.length - 4) + s.slice(-4);
}

/** Timeline detail fields that hold a phone number or extension. */
const NUMBER_FIELDS = new Set(['from', 'number', 'callerNumber', 'extension', 'digits']);

/** A copy of a timeline entry (or any flat record) with number fields masked. */
export function maskFields<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = { ...o };
  for (const k of Object.keys(out)) {
    if (NUMBER_FIELDS.has(k) && typeof out[k] === 'string') out[k] = maskNumber(out[k] as string);
  }
  return out as T;
}

/**
 * CSV as spreadsheets read it (RFC 4180): fields with a comma, quote or
 * line break are quoted, quotes doubled, rows end with CRLF. A field that a
 * spreadsheet would run as a formula (= + - @ at the start) gets a leading
 * apostrophe, so an exported row cannot carry a formula into ops' desktops.
 */

/** One field, quoted when it must be. */
export function csvField(v: unknown): string {
  let s = v === undefined || v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header row and data rows as CSV text. */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',') + '\r\n').join('');
}

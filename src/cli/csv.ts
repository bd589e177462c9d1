/**
 * CSV as RFC 4180 writes it: CRLF between records, and a field holding a
 * comma, a double quote or a line break wrapped in quotes with its quotes
 * doubled, so spreadsheets and `csv` libraries read back exactly what was
 * written (a closed reason typed by ops can hold any of those).
 */

/** One field, quoted only when it must be. */
export function csvField(value: string | number | undefined | null): string {
  const s = value === undefined || value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A header row and the rows, as one CSV text without a trailing line break. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | undefined | null)[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n');
}

/**
 * A small parser for systemd unit files ([Section], Key=Value, # and ;
 * comments, backslash continuation lines), for checking deploy/hotline.service.
 */

/** One Key=Value line. */
export interface UnitSetting {
  key: string;
  value: string;
  line: number;
}

/** A parsed unit: settings per section, in file order (keys may repeat). */
export interface UnitFile {
  file: string;
  sections: Map<string, UnitSetting[]>;
}

/** A line systemd would reject or ignore; the message starts with file:line. */
export class UnitSyntaxError extends Error {
  override name = 'UnitSyntaxError';
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
  }
}

/** Parses unit file text; throws UnitSyntaxError on the first malformed line. */
export function parseUnitFile(text: string, file = '<unit>'): UnitFile {
  const unit: UnitFile = { file, sections: new Map() };
  const lines = text.split(/\r?\n/);
  let current: UnitSetting[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    let line = (lines[i] as string).trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    // A trailing backslash continues the value on the next line.
    while (line.endsWith('\\') && i + 1 < lines.length) {
      line = `${line.slice(0, -1)} ${(lines[++i] as string).trim()}`;
    }
    const header = /^\[([A-Za-z][A-Za-z0-9-]*)\]$/.exec(line);
    if (header) {
      const name = header[1] as string;
      current = unit.sections.get(name) ?? [];
      unit.sections.set(name, current);
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new UnitSyntaxError(file, lineNo, `expected [Section] or Key=Value, got "${line}"`);
    if (!current) throw new UnitSyntaxError(file, lineNo, `"${m[1]}" is outside any [Section]`);
    current.push({ key: m[1] as string, value: (m[2] as string).trim(), line: lineNo });
  }
  return unit;
}

/** All values of a key in a section, in order. */
export function unitValues(unit: UnitFile, section: string, key: string): string[] {
  return (unit.sections.get(section) ?? []).filter((s) => s.key === key).map((s) => s.value);
}

/** The value systemd uses for a single-valued key (the last one), or undefined. */
export function unitValue(unit: UnitFile, section: string, key: string): string | undefined {
  return unitValues(unit, section, key).at(-1);
}

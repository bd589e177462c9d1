/** A winston transport that keeps each entry as one JSON line, for tests that read what was logged. */
import Transport from 'winston-transport';

export class LogLines extends Transport {
  readonly lines: string[] = [];
  override log(info: Record<string, unknown>, next: () => void): void {
    this.lines.push(JSON.stringify(info));
    next();
  }
}

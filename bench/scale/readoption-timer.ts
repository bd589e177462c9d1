/**
 * The reconnect storm's clock: the socket is dropped with N calls up; the
 * figures are the time until the link is back, and the time from the link
 * coming back until every one of the N calls has been re-adopted (the
 * client's 'readopted' report names each call still in the app). A report
 * that names fewer calls than were up leaves the storm unfinished: the
 * missing calls are counted, not hidden.
 */

/** What the storm measured. */
export interface StormResult {
  callsUp: number;
  readopted: number;
  /** Drop -> event socket open again (ms). */
  dropToLinkMs: number;
  /** Link open -> every call re-adopted (ms); NaN when some never were. */
  linkToReadoptedMs: number;
}

/** Collects the moments of one storm. */
export class ReadoptionTimer {
  private dropAt: number | undefined;
  private upAt: number | undefined;
  private doneAt: number | undefined;
  private readonly seen = new Set<string>();

  constructor(private readonly callsUp: ReadonlySet<string>, private readonly now: () => number) {}

  /** The socket was dropped. */
  dropped(): void {
    this.dropAt = this.now();
  }

  /** The event socket is open again (the first open after the drop counts). */
  linkUp(): void {
    if (this.dropAt !== undefined && this.upAt === undefined) this.upAt = this.now();
  }

  /** A re-adoption report; true once every call that was up has been re-adopted. */
  readopted(ids: readonly string[]): boolean {
    if (this.upAt === undefined) return false;
    for (const id of ids) if (this.callsUp.has(id)) this.seen.add(id);
    if (this.doneAt === undefined && this.seen.size === this.callsUp.size) this.doneAt = this.now();
    return this.doneAt !== undefined;
  }

  /** The figures so far. */
  result(): StormResult {
    const d = this.dropAt;
    const u = this.upAt;
    return {
      callsUp: this.callsUp.size,
      readopted: this.seen.size,
      dropToLinkMs: d !== undefined && u !== undefined ? u - d : NaN,
      linkToReadoptedMs: u !== undefined && this.doneAt !== undefined ? this.doneAt - u : NaN,
    };
  }
}

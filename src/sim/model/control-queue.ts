/**
 * A channel's Stasis command queue. Asterisk runs ARI commands for a channel
 * one at a time on the channel's own thread, so a playback (or recording)
 * holds up the MOH, ringing, dial, play or record command queued behind it.
 */

/** One queued command; run() calls done() when the channel thread is free again. */
export interface ControlCommand {
  name: string;
  run(done: () => void): void;
  /** Called instead of run() when the channel goes away first. */
  dropped?(): void;
}

/** Serial executor for a channel's commands. */
export class ControlQueue {
  private readonly pending: ControlCommand[] = [];
  private busy = false;
  private pumping = false;
  private closed = false;

  constructor(private readonly onError: (name: string, err: unknown) => void) {}

  /** Queues a command; it runs at once when nothing is ahead of it. */
  enqueue(command: ControlCommand): void {
    if (this.closed) {
      command.dropped?.();
      return;
    }
    this.pending.push(command);
    this.pump();
  }

  /** True while a command is running or waiting. */
  get active(): boolean {
    return this.busy || this.pending.length > 0;
  }

  /** Drops everything not yet started; nothing runs afterwards. */
  close(): void {
    this.closed = true;
    const dropped = this.pending.splice(0);
    for (const command of dropped) command.dropped?.();
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.busy && !this.closed && this.pending.length > 0) {
        const command = this.pending.shift() as ControlCommand;
        this.busy = true;
        let finished = false;
        const done = (): void => {
          if (finished) return;
          finished = true;
          this.busy = false;
          if (!this.pumping) this.pump();
        };
        try {
          command.run(done);
        } catch (err) {
          this.onError(command.name, err);
          done();
        }
      }
    } finally {
      this.pumping = false;
    }
  }
}

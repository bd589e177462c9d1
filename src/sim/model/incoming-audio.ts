/**
 * What a channel receives from its far end: whether media frames flow at all
 * (a phone sends RTP constantly; a Local channel only while its other half
 * plays something) and whether that media is speech. Talk detection and
 * recording both listen to this.
 */

/** The far end's audio at one instant. */
export interface AudioState {
  /** Frames are arriving (silence or speech). */
  flowing: boolean;
  /** The frames carry speech. */
  speaking: boolean;
}

/** Observable incoming-audio state of one channel. */
export class IncomingAudio {
  private current: AudioState;
  private readonly listeners = new Set<(state: AudioState) => void>();

  constructor(flowing: boolean) {
    this.current = { flowing, speaking: false };
  }

  /** The present state (a copy). */
  get state(): AudioState {
    return { ...this.current };
  }

  /** Changes the state; listeners hear only real changes. Speech implies flowing frames. */
  set(change: Partial<AudioState>): void {
    const next = { ...this.current, ...change };
    if (next.speaking) next.flowing = true;
    if (next.flowing === this.current.flowing && next.speaking === this.current.speaking) return;
    this.current = next;
    for (const listener of [...this.listeners]) listener({ ...next });
  }

  /** Subscribes; returns the unsubscribe function. */
  on(listener: (state: AudioState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * Answering-machine detection, the simple way: a machine starts its greeting
 * the moment it answers and talks on without a pause, where a person says
 * "hello?" and waits. So: talk that starts within START_WINDOW_MS of the
 * answer and is still going machineSpeechMs after it started is a machine.
 * Talk detection on dialer legs uses a short silence threshold
 * (DIALER_TALK_SILENCE_MS) so a person's "hello?" ends quickly. The opening
 * plays meanwhile, so a person is never left waiting for the verdict.
 */
import type { Clock, TimerHandle } from '../clock/clock.js';
import type { ChannelHandle } from '../ari/channel-handle.js';

/** Talk must start this soon after the answer to count as a machine's greeting. */
export const START_WINDOW_MS = 2_000;
/** TALK_DETECT silence threshold on dialer legs: the end of a person's "hello?" shows after this much quiet. */
export const DIALER_TALK_SILENCE_MS = 1_000;

/** Watches a just-answered leg; calls onMachine once if it is one. Returns the stop function. */
export function watchForMachine(o: { channel: ChannelHandle; clock: Clock; answeredAt: number; machineSpeechMs: number; onMachine: () => void }): () => void {
  let timer: TimerHandle | undefined;
  let done = false;
  const stop = (): void => {
    done = true;
    o.clock.clearTimeout(timer);
    o.clock.clearTimeout(windowTimer);
    off();
  };
  const off = o.channel.onEvent((e) => {
    if (done) return;
    if (e.type === 'ChannelTalkingStarted') {
      if (o.clock.now() - o.answeredAt > START_WINDOW_MS) return stop();
      timer = o.clock.setTimeout(() => {
        stop();
        o.onMachine();
      }, o.machineSpeechMs);
    } else if (e.type === 'ChannelTalkingFinished') {
      // A pause: a person (or a machine we cannot tell from one).
      stop();
    }
  });
  // Nobody talked in the window: a person listening, or a silent line.
  const windowTimer = o.clock.setTimeout(() => {
    if (timer === undefined && !done) stop();
  }, START_WINDOW_MS + 200);
  return stop;
}

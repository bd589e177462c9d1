/**
 * A simulated phone (PJSIP/SIP/IAX2/DAHDI endpoint) answering a dial the way
 * its defined behaviour says. Phones send media all the time, silence here,
 * unless a script makes them talk or press keys after the answer, or the
 * phone is an answering machine that talks from the answer on.
 */
import { Cause } from '../core/causes.js';
import type { SimContext } from '../core/sim-context.js';
import { CallerScript } from '../callers/caller-script.js';
import { logFarEnd } from '../callers/far-end-log.js';
import { endpointName } from './endpoints.js';
import type { FarEnd, OutboundLeg } from './outbound-leg.js';

/** Far end for dialed phone channels. */
export class AgentPhone implements FarEnd {
  constructor(private readonly ctx: SimContext) {}

  /** Reacts to being called according to the endpoint's current behaviour. */
  start(leg: OutboundLeg): void {
    const ch = leg.ch;
    const behaviour = this.ctx.endpoints.behaviourFor(ch.tech, ch.resource);
    const { call, write } = logFarEnd(this.ctx, ch, `${ch.tech}/${endpointName(ch.resource)}`);
    this.ctx.endpoints.noteDialed(call);
    switch (behaviour.kind) {
      case 'machine': {
        const answer = (): void => {
          leg.answered();
          if (!ch.live) return;
          // The greeting starts with the answer and has no pause in it.
          write({ kind: 'speech', durationMs: behaviour.speechMs });
          ch.audio.set({ speaking: true, flowing: true });
          ch.timers.after(behaviour.speechMs, () => ch.audio.set({ speaking: false }));
        };
        const after = behaviour.afterMs ?? 0;
        leg.ringing();
        if (after > 0) ch.timers.after(after, answer);
        else answer();
        return;
      }
      case 'answer': {
        const answer = (): void => {
          leg.answered();
          if (behaviour.script && ch.live) new CallerScript(this.ctx, ch, behaviour.script, write).start();
          const hangupAfter = behaviour.hangupAfterMs;
          if (hangupAfter !== undefined && hangupAfter >= 0 && ch.live) {
            ch.timers.after(hangupAfter, () =>
              this.ctx.lifecycle.hangup(ch, { request: { cause: Cause.NORMAL_CLEARING, soft: false }, cause: Cause.NORMAL_CLEARING, by: 'caller' }),
            );
          }
        };
        const after = behaviour.afterMs ?? 0;
        if (after > 0) {
          leg.ringing();
          ch.timers.after(after, answer);
        } else {
          answer();
        }
        return;
      }
      case 'busy':
        leg.busy();
        // A SIP 486 ends the call at once; the busy cause reaches the channel.
        this.ctx.lifecycle.hangup(ch, { request: { cause: Cause.USER_BUSY, soft: false }, cause: Cause.USER_BUSY, by: 'caller' });
        return;
      case 'noanswer':
        leg.ringing();
        return;
      case 'unavailable':
        leg.callFailed();
        return;
    }
  }
}

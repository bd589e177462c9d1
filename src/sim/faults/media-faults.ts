/**
 * Playback faults: a prompt that plays slow (a saturated PBX was measured
 * playing prompts at up to 1.96x their length) or never finishes by itself
 * (as the errors trace shows for an unsupported media scheme).
 */
import type { SimContext } from '../core/sim-context.js';
import type { MediaPlan } from '../model/media-lengths.js';

/** The plan a playback of `media` on `channelId` follows once faults apply. */
export function faultedPlan(ctx: SimContext, channelId: string, media: string, plan: MediaPlan): MediaPlan {
  if (plan.kind !== 'timed') return plan;
  const fault = ctx.faults.take(['stuck-playback', 'slow-playback'], { channel: channelId, media });
  if (!fault) return plan;
  if (fault.kind === 'stuck-playback') return { kind: 'endless' };
  return { ...plan, ms: Math.round(plan.ms * fault.factor) };
}

/**
 * Where the call goes after a step: the hotline loop (src/flows/hotline.ts)
 * follows it, so no step's result is dropped.
 * - 'back-to-menu': play the menu and wait for a choice again;
 * - 'close': the step is done with the caller still there: "anything else?",
 *   then thanks, goodbye and the grace period;
 * - 'ended': the call is over (the caller left, or we closed with its grace).
 */
export type FlowResult = 'back-to-menu' | 'close' | 'ended';

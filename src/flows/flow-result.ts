/** What a step of the hotline returns to the menu loop. */
export type FlowResult = 'back-to-menu' | 'ended';

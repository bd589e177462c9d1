/** Menu action `agent`: to the configured agentTarget (the service desk). */
import { z } from 'zod';
import { defineStep } from './step.js';
import { transfer } from '../transfer.js';

/** Its config entry under menu.keys. */
export const agentSchema = z.object({ action: z.literal('agent') }).strict();

export const agentStep = defineStep({
  action: 'agent',
  schema: agentSchema,
  outcomes: () => ['close', 'back-to-menu', 'ended'],
  reaches: (_a, config) => ({ targets: [config.agentTarget] }),
  run: (ctx) => transfer(ctx, ctx.config.agentTarget),
});

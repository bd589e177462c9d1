/** Menu action `transfer`: to a named target (announce, ring with check-ins, bridge; busy / no answer / failure offer a choice). */
import { z } from 'zod';
import { defineStep } from './step.js';
import { transfer } from '../transfer.js';

/** Its config entry under menu.keys. */
export const transferSchema = z.object({ action: z.literal('transfer'), target: z.string().min(1) }).strict();

export const transferStep = defineStep({
  action: 'transfer',
  schema: transferSchema,
  // Bridged then the colleague leaves, or a callback taken: the caller is asked
  // "anything else?"; a silent caller at the busy choice gets the no-sound close.
  outcomes: () => ['close', 'back-to-menu', 'ended'],
  reaches: (a) => ({ targets: [a.target] }),
  check(a, config, at, out) {
    if (config.targets[a.target]) return;
    const names = Object.keys(config.targets);
    out.error('unknown-target', [...at, 'target'], `key ${String(at[at.length - 1])} transfers to "${a.target}", which is not in targets`, {
      allowed: names.length ? `one of ${names.join(', ')}` : 'a name defined under targets',
    });
  },
  run: (ctx, a) => transfer(ctx, a.target),
});

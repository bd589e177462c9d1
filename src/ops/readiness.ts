/**
 * /readyz for a running service: ready while ARI is connected and the
 * runner takes calls. A load balancer or a monitor then stops sending calls
 * or pages to an instance that cannot take them (draining for a restart,
 * Asterisk out of reach).
 */
import type { RunningService } from '../service.js';

/** A ready() for startOpsServer over a running service. */
export function serviceReadiness(s: Pick<RunningService, 'client' | 'runner'>): () => Promise<{ ok: boolean; reasons: string[] }> {
  return async () => {
    const reasons: string[] = [];
    if (!s.client.isConnected()) reasons.push('not connected to Asterisk (ARI)');
    if (s.runner.isDraining()) reasons.push('shutting down: new calls are turned away');
    return { ok: reasons.length === 0, reasons };
  };
}

/**
 * Finds out, on a socket just opened, whether the server takes REST
 * requests on it: one GET asterisk/ping as a RESTRequest frame. Any
 * RESTResponse, whatever its status, means yes. An Asterisk older than
 * 20.14/22.4 reads and drops the frame, so no answer within the probe's
 * timeout means no; so does the socket closing or failing under the probe.
 */
import { AriHttpError, AriTransportError } from './errors.js';
import { SOCKET_CLOSED, type WsTransport } from './ws-transport.js';

/** What the probe found. */
export type ProbeResult = 'answered' | 'no-answer' | 'closed';

/** Sends the probe; never throws. */
export async function probeRestOverWebSocket(ws: WsTransport, timeoutMs: number): Promise<ProbeResult> {
  try {
    await ws.send({ method: 'GET', path: '/asterisk/ping' }, timeoutMs);
    return 'answered';
  } catch (err) {
    if (err instanceof AriHttpError) return 'answered';
    if (err instanceof AriTransportError && err.reason !== SOCKET_CLOSED) return 'no-answer';
    return 'closed';
  }
}

/**
 * Typed ARI errors. A channel that is gone (404 on a channel resource) is an
 * expected outcome of a call, not a bug, so it has its own class that the
 * call runtime turns into "caller gone". Everything else keeps its status
 * and Asterisk's message.
 */

/** An ARI request answered with an error status. */
export class AriHttpError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly ariMessage: string,
  ) {
    super(`ARI ${method} ${path} failed: ${status} ${ariMessage}`);
    this.name = 'AriHttpError';
  }
}

/** 404 on a channel: the caller or agent has hung up. */
export class ChannelGoneError extends AriHttpError {
  constructor(method: string, path: string, ariMessage: string) {
    super(404, method, path, ariMessage);
    this.name = 'ChannelGoneError';
  }
}

/** 401: the ARI user name or password is wrong. */
export class AriAuthError extends AriHttpError {
  constructor(method: string, path: string) {
    super(401, method, path, 'authentication failed: check ARI_USERNAME and ARI_PASSWORD');
    this.name = 'AriAuthError';
  }
}

/** The request could not be sent because the event socket is down (fails fast instead of hanging). */
export class AriDisconnectedError extends Error {
  constructor(readonly method: string, readonly path: string) {
    super(`ARI ${method} ${path} not sent: not connected to Asterisk`);
    this.name = 'AriDisconnectedError';
  }
}

/** Transport failure or no answer within the request timeout. */
export class AriTransportError extends Error {
  constructor(readonly method: string, readonly path: string, readonly reason: string) {
    super(`ARI ${method} ${path} failed: ${reason}`);
    this.name = 'AriTransportError';
  }
}

/**
 * The connection a request went out on was lost before its answer (the
 * event socket closed, or was found dead by ping): it may or may not have
 * taken effect. A call's request waits for the reconnect and is sent once more.
 */
export class AriLinkLostError extends AriTransportError {
  constructor(method: string, path: string, reason: string) {
    super(method, path, reason);
    this.name = 'AriLinkLostError';
  }
}

/** True when err says the channel no longer exists. */
export function isChannelGone(err: unknown): err is ChannelGoneError {
  return err instanceof ChannelGoneError;
}

/** Builds the right error class from a status and response body. */
export function errorFromResponse(status: number, method: string, path: string, body: unknown): AriHttpError {
  // Asterisk says {"message": ...} for most errors but {"error": ...} for
  // some (e.g. 500 "Allocation failed" when a channel cannot be created).
  const fields = body && typeof body === 'object' ? (body as { message?: unknown; error?: unknown }) : {};
  const message =
    typeof fields.message === 'string'
      ? fields.message
      : typeof fields.error === 'string'
        ? fields.error
        : typeof body === 'string' && body.length > 0
        ? body.slice(0, 200)
        : `HTTP ${status}`;
  if (status === 401) return new AriAuthError(method, path);
  if (status === 404 && /^\/channels\/[^/]+/.test(path) && /channel/i.test(message)) {
    return new ChannelGoneError(method, path, message);
  }
  return new AriHttpError(status, method, path, message);
}

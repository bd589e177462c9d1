/** A failed ARI request: the HTTP status and the `{"message"}` body Asterisk sends with it. */
export class AriError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AriError';
  }
}

/** 404 `Channel not found`, the commonest ARI failure. */
export function channelNotFound(): AriError {
  return new AriError(404, 'Channel not found');
}

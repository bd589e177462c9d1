/**
 * A failed ARI request: the HTTP status and the JSON body Asterisk sends with
 * it. Most errors carry `{"message": ...}` (ast_ari_response_error); a failed
 * allocation carries `{"error": "Allocation failed"}` (ast_ari_response_alloc_failed).
 */
export class AriError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The body's only key. */
    readonly bodyKey: 'message' | 'error' = 'message',
  ) {
    super(message);
    this.name = 'AriError';
  }

  /** The JSON body of the reply. */
  body(): Record<string, string> {
    return { [this.bodyKey]: this.message };
  }
}

/** 404 `Channel not found`, the commonest ARI failure. */
export function channelNotFound(): AriError {
  return new AriError(404, 'Channel not found');
}

/** 500 `{"error":"Allocation failed"}`: what Asterisk answers when it cannot make a channel. */
export function allocationFailed(): AriError {
  return new AriError(500, 'Allocation failed', 'error');
}

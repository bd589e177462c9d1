/**
 * How ARI REST requests travel: over keep-alive HTTP, or as RESTRequest
 * frames on the event WebSocket (Asterisk 20.14+/22.4+). Both transports
 * answer with the same values and throw the same error classes, so nothing
 * above RestClient knows which one carried a request.
 */

/** Query values; undefined entries are left out, arrays are comma-joined as ARI expects. */
export type Query = Record<string, string | number | boolean | string[] | undefined>;

/** The transport REST requests use. */
export type TransportKind = 'http' | 'websocket';

/** What the client is told to use: 'auto' probes the event socket on each connect and falls back to HTTP. */
export type TransportMode = 'auto' | TransportKind;

/** The accepted TransportMode values (ARI_TRANSPORT and the client option). */
export const TRANSPORT_MODES: readonly TransportMode[] = ['auto', 'http', 'websocket'];

/** One REST call as a transport sends it. */
export interface RestCall {
  method: string;
  /** Path below the ARI base with its leading slash, URL-encoded, e.g. /channels/abc/answer. */
  path: string;
  query?: Query | undefined;
  /** Sent as JSON. */
  body?: unknown;
  /**
   * The caller does not read a 2xx body (answer, play, hang up...): the
   * transport resolves with undefined without parsing it. Error bodies are
   * always parsed (their message goes into the error).
   */
  discardBody?: boolean;
}

/** A way to send REST calls: resolves with the parsed body of a 2xx, rejects with the errors of errors.ts. */
export interface RestTransport {
  readonly kind: TransportKind;
  send<T>(call: RestCall): Promise<T>;
}

/** Parses a TransportMode; undefined for anything else. */
export function parseTransportMode(value: string | undefined): TransportMode | undefined {
  const v = value?.trim().toLowerCase();
  return TRANSPORT_MODES.find((m) => m === v);
}

/**
 * The query as it follows the `?` of a URI, in order (arrays comma-joined,
 * undefined left out, names and values percent-encoded); '' when empty.
 * Built as one string: both transports put it in the URI (Asterisk takes a
 * query in a RESTRequest's uri, as the rest-over-websocket trace shows).
 */
export function queryString(query: Query | undefined): string {
  let qs = '';
  if (query === undefined) return qs;
  for (const k in query) {
    const v = query[k];
    if (v === undefined) continue;
    qs += `${qs.length === 0 ? '' : '&'}${encodeURIComponent(k)}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v))}`;
  }
  return qs;
}

/** A response body as the client returns it: JSON parsed, other text as is, nothing as undefined. */
export function parseBodyText(text: string | undefined): unknown {
  if (text === undefined || text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

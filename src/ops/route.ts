/** The shape every ops route handler shares. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** One request as the routes see it. */
export interface OpsRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path split on "/", decoded, without empty parts. */
  parts: string[];
}

/** Handles the request and returns true, or returns false when the path is not its own. */
export type Route = (r: OpsRequest) => Promise<boolean> | boolean;

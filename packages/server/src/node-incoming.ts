import type { IncomingMessage } from "node:http";
import type { Context } from "hono";

/** The node:http message behind a request when the app is served by `listen`; undefined elsewhere. */
export function nodeIncoming(c: Context): IncomingMessage | undefined {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/**
 * Whether the request's body stopped arriving: the client went away mid-body, or sent something
 * node:http could not parse. Whatever a handler threw after that is the client's doing, not a
 * failure of the service.
 */
export function brokenOff(incoming: IncomingMessage): boolean {
  return incoming.destroyed && !incoming.complete;
}

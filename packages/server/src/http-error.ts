import { RequestError, RequestErrorCode } from "@eventual/core";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { brokenOff, nodeIncoming } from "./node-incoming.js";
import { payloadTooLargeResponse } from "./payload-too-large.js";
import { unreadable } from "./read-incoming.js";

/** The control API's error body, `{ "error": { "code", "message" } }`, as a response. */
export function errorResponse(c: Context, code: RequestErrorCode, message: string): Response {
  if (code === "payload_too_large") return payloadTooLargeResponse(c, message);
  return c.json({ error: { code, message } }, RequestErrorCode[code] as ContentfulStatusCode);
}

/**
 * The error body for a refusal the engine or a handler raised (`RequestError`s, an oversized
 * body), or for a request whose body the client broke off; undefined for anything else.
 */
export function refusalResponse(error: unknown, c: Context): Response | undefined {
  if (error instanceof RequestError && error.code !== "unreachable") {
    return errorResponse(c, error.code, error.message);
  }
  if (error instanceof HTTPException && error.status === 413) {
    return errorResponse(c, "payload_too_large", error.message);
  }
  // Usually nobody reads this answer (the connection is gone), but it is not the service's failure.
  const incoming = nodeIncoming(c);
  if (incoming && brokenOff(incoming)) {
    return errorResponse(c, "bad_request", unreadable(incoming).message);
  }
  return undefined;
}

/**
 * Maps anything a control route threw: refusals keep their meaning; the rest is a 500 whose
 * details go to `report` (the host's log), not to the caller.
 */
export function toErrorResponse(
  report: (error: unknown, during: string) => void,
): (error: unknown, c: Context) => Response {
  return (error, c) => {
    const refusal = refusalResponse(error, c);
    if (refusal) return refusal;
    report(error, `${c.req.method} ${c.req.path}`);
    return errorResponse(c, "internal", "The request failed inside the service; see its log.");
  };
}

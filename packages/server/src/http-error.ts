import { EngineRequestError, InvalidPageToken } from "@eventual/engine";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** The codes of the control API's error body, by HTTP status. */
export const ErrorCode = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  internal: 500,
} as const satisfies Record<string, ContentfulStatusCode>;
export type ErrorCode = keyof typeof ErrorCode;

/** A refusal with the control API's error body: `{ "error": { "code", "message" } }`. */
export class HttpError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }

  get status(): ContentfulStatusCode {
    return ErrorCode[this.code];
  }
}

/** The error body as a response. */
export function errorResponse(c: Context, code: ErrorCode, message: string): Response {
  return c.json({ error: { code, message } }, ErrorCode[code]);
}

/**
 * Maps anything a handler threw to the error body: the engine's refusals and page tokens keep
 * their meaning; anything else is a 500 whose details go to the log, not to the caller.
 */
export function toErrorResponse(error: unknown, c: Context): Response {
  if (error instanceof HttpError) return errorResponse(c, error.code, error.message);
  if (error instanceof EngineRequestError) return errorResponse(c, error.code, error.message);
  if (error instanceof InvalidPageToken) return errorResponse(c, "bad_request", error.message);
  if (error instanceof HTTPException && error.status === 413) {
    return errorResponse(c, "payload_too_large", error.message);
  }
  console.error(`Eventual: ${c.req.method} ${c.req.path} failed:`, error);
  return errorResponse(c, "internal", "The request failed inside the service; see its log.");
}

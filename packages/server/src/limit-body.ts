import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errorResponse } from "./http-error.js";
import { nodeIncoming } from "./node-incoming.js";
import { readIncoming } from "./read-incoming.js";

/**
 * Refuses a request body over `maxSize` bytes with a 413, for the service's own routes. On
 * node:http a declared length is checked without reading anything, and a chunked body is read
 * straight from the message (Hono's `bodyLimit` reads it through a web stream, which would keep
 * the rest of an oversized body from being drained).
 */
export function limitBody(maxSize: number): MiddlewareHandler {
  const message = `The request body is larger than ${maxSize} bytes.`;
  const elsewhere = bodyLimit({
    maxSize,
    onError: (c) => errorResponse(c, "payload_too_large", message),
  });
  return async (c, next) => {
    const incoming = nodeIncoming(c);
    if (!incoming) return elsewhere(c, next);
    if (incoming.headers["transfer-encoding"] === undefined) {
      const length = Number(incoming.headers["content-length"] ?? 0);
      return length > maxSize ? errorResponse(c, "payload_too_large", message) : next();
    }
    const body = await readIncoming(incoming, maxSize);
    c.req.raw = new Request(c.req.raw, { body });
    return next();
  };
}

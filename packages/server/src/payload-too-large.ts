import type { Context } from "hono";
import { drainRequest } from "./drain-request.js";
import { nodeIncoming } from "./node-incoming.js";

/**
 * The 413 answer. The connection cannot carry another request (the rest of the body is never
 * parsed into one), so it says `Connection: close`; on node:http the answer is sent at once but
 * ends, and node:http closes the connection, only once the rest of the body has been drained, so
 * a client still sending reads the 413 instead of a reset.
 */
export function payloadTooLargeResponse(c: Context, message: string): Response {
  const refusal = { error: { code: "payload_too_large", message } };
  c.header("connection", "close");
  const incoming = nodeIncoming(c);
  if (!incoming || incoming.complete) return c.json(refusal, 413);
  const bytes = new TextEncoder().encode(JSON.stringify(refusal));
  let open = true;
  const held = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      void drainRequest(incoming).then(() => open && controller.close());
    },
    // The connection went first: there is nothing left to end.
    cancel() {
      open = false;
    },
  });
  return c.body(held, 413, {
    "content-type": "application/json",
    "content-length": String(bytes.byteLength),
  });
}

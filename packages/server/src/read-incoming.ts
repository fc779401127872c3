import type { IncomingMessage } from "node:http";
import { BadRequestError, PayloadTooLargeError } from "@eventual/core";

/**
 * Reads a node:http request body of at most `limit` bytes straight from its message. A larger
 * body is refused with a `PayloadTooLargeError` and its message is left paused, not destroyed:
 * the 413 answer drains the rest (see `payloadTooLargeResponse`). A body the client broke off is
 * refused with a `BadRequestError`.
 */
export function readIncoming(incoming: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(incoming.headers["content-length"] ?? 0) > limit) {
    return Promise.reject(tooLarge(limit));
  }
  if (incoming.destroyed) return Promise.reject(unreadable(incoming));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const detach = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      detach();
      incoming.pause();
      reject(tooLarge(limit));
    };
    const onEnd = () => {
      detach();
      resolve(Buffer.concat(chunks, size));
    };
    // A message destroyed before its end: the connection closed or failed to parse.
    const onClose = () => {
      detach();
      reject(unreadable(incoming));
    };
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("close", onClose);
  });
}

function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The request body is larger than ${limit} bytes.`);
}

/** The refusal of a body that stopped arriving (see `brokenOff`). */
export function unreadable(incoming: IncomingMessage): BadRequestError {
  const why = incoming.errored?.message ?? "the connection closed";
  return new BadRequestError(`The request body could not be read: ${why}.`);
}

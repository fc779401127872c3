import type { IncomingMessage } from "node:http";

/** At most this much of a refused body is read and discarded… */
const drainBytes = 16 * 1024 * 1024;
/** …for at most this long; past either, the connection is closed with the rest unread. */
const drainMs = 10_000;

/**
 * Reads and discards the rest of a request body the service refused, and settles once it has
 * ended, the connection has gone, or the bounds are reached. Closing a connection while the
 * client is still sending makes the kernel answer its next packets with a reset, and a client
 * that is still writing then sees EPIPE or ECONNRESET instead of the answer waiting for it.
 */
export function drainRequest(incoming: IncomingMessage): Promise<void> {
  if (incoming.destroyed || incoming.readableEnded) return Promise.resolve();
  if (Number(incoming.headers["content-length"] ?? 0) > drainBytes) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const done = () => {
      clearTimeout(timer);
      incoming.off("data", onData);
      incoming.off("end", done);
      incoming.off("close", done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > drainBytes) done();
    };
    const timer = setTimeout(done, drainMs);
    timer.unref();
    incoming.on("data", onData);
    incoming.on("end", done);
    incoming.on("close", done);
    incoming.resume();
  });
}

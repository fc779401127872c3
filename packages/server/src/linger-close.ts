import type { Duplex } from "node:stream";

/** At most this much is read and discarded after the answer… */
const lingerBytes = 16 * 1024 * 1024;
/** …for at most this long; past either, the connection is destroyed. */
const lingerMs = 10_000;

/**
 * Closes a connection without resetting it: ends this side (the client reads everything written
 * so far, then end of stream) and reads and discards whatever the client still sends until it
 * closes its side too, within bounds. Destroying a socket while the client is still sending
 * makes the kernel answer with a reset, and the client then loses the answer to ECONNRESET or
 * EPIPE.
 */
export function closeLingering(socket: Duplex): void {
  if (socket.destroyed) return;
  let received = 0;
  const timer = setTimeout(() => socket.destroy(), lingerMs);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  socket.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (received > lingerBytes) socket.destroy();
  });
  // Once the client has ended its side as well, the socket closes itself (autoDestroy).
  socket.end();
  socket.resume();
}

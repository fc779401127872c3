import { connect } from "node:net";
import type { FuzzRequest } from "./fuzz-requests.js";

/** How a raw request ended, from the client's side. */
export type RawOutcome =
  | { type: "answered"; status: number }
  /** The server closed the connection without a word: fine only after a request cut short. */
  | { type: "closed" }
  /** ECONNRESET or EPIPE: the client could not read an answer that may have been sent. */
  | { type: "reset"; code: string }
  | { type: "hung" };

/**
 * Sends `request` on a fresh connection and reads until the server closes it; the status of the
 * answer, if one came. Timing out means a hang, never slowness: `hangMs` is generous.
 */
export function sendRaw(port: number, request: FuzzRequest, hangMs = 30_000): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (outcome: RawOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ type: "hung" }), hangMs);
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => {
      // A reset after the whole answer arrived cost the client nothing.
      const status = statusOf(Buffer.concat(chunks));
      finish(
        status === undefined
          ? { type: "reset", code: error.code ?? error.message }
          : { type: "answered", status },
      );
    });
    socket.on("close", () => {
      const status = statusOf(Buffer.concat(chunks));
      finish(status === undefined ? { type: "closed" } : { type: "answered", status });
    });
    socket.write(request.bytes, () => {
      if (request.endAfterWrite) socket.end();
    });
  });
}

/** The status code of a complete HTTP/1.1 answer, or `undefined` when none arrived whole. */
function statusOf(response: Buffer): number | undefined {
  const text = response.toString("latin1");
  const match = /^HTTP\/1\.[01] (\d{3}) /.exec(text);
  const headEnd = text.indexOf("\r\n\r\n");
  if (!match || headEnd < 0) return undefined;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, headEnd))?.[1];
  if (length !== undefined && response.length < headEnd + 4 + Number(length)) return undefined;
  return Number(match[1]);
}

import type { ServerResponse } from "node:http";
import { maxHeaderSize, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { RequestErrorCode } from "@eventual/core";
import { closeLingering } from "./linger-close.js";

/** What node:http passes to `clientError`: a parse error (`HPE_*`) or a socket error. */
export interface ClientError extends Error {
  code?: string;
  /** llhttp's reason for a parse error, such as "Invalid character in chunk size". */
  reason?: string;
  /** The packet being parsed when a parse error happened. */
  rawPacket?: Buffer;
}

/**
 * node:http's `clientError` handler: answers a request it could not parse with the control API's
 * error body (414 for a URL over the header limit, 431 for headers over it, 400 for any other
 * parse error) and closes without resetting the connection. Node's own answer is bare and
 * destroys the socket while the client may still be sending, so the client often gets a reset
 * instead of the answer.
 *
 * @example
 * server.on("clientError", answerClientError);
 */
export function answerClientError(error: ClientError, socket: Duplex): void {
  // The parser, once failed, reports every packet that follows: the first report is answered.
  if (answered.has(socket)) return;
  answered.add(socket);
  const answer = socket.writable && error.code !== "ECONNRESET" ? answerFor(error) : undefined;
  if (answer === undefined) {
    socket.destroy();
    return;
  }
  const inFlight = inFlightResponse(socket);
  // The answer to an earlier request, still to be written, goes first.
  if (inFlight?.req.complete) inFlight.once("finish", () => answerAndClose(socket, answer));
  // This request's own answer is under way: it gets cut off, as nothing else can be sent.
  else answerAndClose(socket, inFlight?.headersSent ? undefined : answer);
}

const answered = new WeakSet<Duplex>();

function answerAndClose(socket: Duplex, answer: string | undefined): void {
  if (answer !== undefined && socket.writable) socket.write(answer);
  closeLingering(socket);
}

/** The response node:http is writing on the connection, if any (it tracks it as `_httpMessage`). */
function inFlightResponse(socket: Duplex): ServerResponse | undefined {
  return (socket as { _httpMessage?: ServerResponse | null })._httpMessage ?? undefined;
}

function answerFor(error: ClientError): string | undefined {
  const limit = `the URL and headers together must fit in ${maxHeaderSize} bytes`;
  switch (error.code) {
    case "HPE_HEADER_OVERFLOW":
      return requestLineEnded(error.rawPacket)
        ? errorAnswer("headers_too_large", `The request headers are too large: ${limit}.`)
        : errorAnswer("uri_too_long", `The request URL is too long: ${limit}.`);
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return bareAnswer(408);
  }
  if (!error.code?.startsWith("HPE_")) return undefined;
  const detail = error.reason ? `${error.code}: ${error.reason}` : error.code;
  return errorAnswer("bad_request", `The request is not valid HTTP/1.1 (${detail}).`);
}

/**
 * Whether the request line had ended before the head overflowed, as far as the packet being
 * parsed shows: it holds the start of the request (after any earlier request's head) and a line
 * break after it. A packet that starts mid-line most often continues a header, so it counts as
 * one.
 */
function requestLineEnded(packet: Buffer | undefined): boolean {
  if (!packet) return true;
  const text = packet.toString("latin1");
  // A complete head in the packet is an earlier request's: this one had not ended.
  const earlier = text.lastIndexOf("\r\n\r\n");
  const head = earlier === -1 ? text : text.slice(earlier + 4);
  return !/^[A-Z-]+ /.test(head) || head.includes("\n");
}

function errorAnswer(code: RequestErrorCode, message: string): string {
  const body = JSON.stringify({ error: { code, message } });
  return (
    `${statusLine(RequestErrorCode[code])}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

function bareAnswer(status: number): string {
  return `${statusLine(status)}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
}

function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_CODES[status]}`;
}

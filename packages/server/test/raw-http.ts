import { connect } from "node:net";
import type { Hono } from "hono";
import { Hono as HonoApp } from "hono";
import type { Listener } from "../src/index.js";
import { listen } from "../src/index.js";

/** What came back over a raw connection: every byte the server sent, and the socket's error. */
export interface RawExchange {
  received: string;
  /** `ECONNRESET`, `EPIPE`…; undefined when the connection closed cleanly. */
  error?: string;
}

/** An HTTP answer taken apart. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const piece = Buffer.alloc(64 * 1024, "a");

/**
 * Sends a request the way a streaming client does: `head`, then `size` bytes of filler in 64 KiB
 * pieces (each written once the previous one is flushed, each passed through `frame`), then
 * `tail`, and goes on sending whatever the server answers meanwhile. Resolves once the connection
 * has closed.
 */
export function streamRequest(
  port: number,
  request: {
    head: string;
    size: number;
    tail?: string;
    frame?: (piece: Buffer) => Buffer | string;
  },
): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    collect(socket, resolve);
    let sent = 0;
    const next = (): void => {
      if (socket.destroyed) return;
      if (sent >= request.size) {
        socket.end(request.tail ?? "");
        return;
      }
      sent += piece.length;
      socket.write(request.frame ? request.frame(piece) : piece, (error) => {
        if (!error) setImmediate(next);
      });
    };
    socket.write(request.head);
    next();
  });
}

/**
 * Sends `data` over a raw connection and reads the answer, ending this side after sending when
 * `end` is set (a client that breaks off its request), else when the server ends its own.
 */
export function sendRaw(port: number, data: string, end = false): Promise<RawExchange> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    collect(socket, resolve);
    if (end) socket.end(data);
    else socket.write(data);
  });
}

function collect(
  socket: ReturnType<typeof connect>,
  resolve: (exchange: RawExchange) => void,
): void {
  let received = "";
  let error: string | undefined;
  socket.setEncoding("latin1");
  socket.on("data", (chunk: string) => {
    received += chunk;
  });
  socket.on("error", (failure: NodeJS.ErrnoException) => {
    error = failure.code ?? failure.message;
  });
  socket.on("close", () => resolve({ received, error }));
}

/** Parses one HTTP/1.1 answer with a JSON (or empty) body. */
export function parseAnswer(text: string): Answer {
  const split = text.indexOf("\r\n\r\n");
  const [statusLine = "", ...lines] = text
    .slice(0, split === -1 ? text.length : split)
    .split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = split === -1 ? "" : text.slice(split + 4);
  let parsed: unknown = body;
  try {
    parsed = body === "" ? undefined : JSON.parse(body);
  } catch {}
  return { status: Number(statusLine.split(" ")[1]), headers, body: parsed };
}

/**
 * One line per exchange, to count: `414 uri_too_long, connection: close`, or `reset: EPIPE` when
 * the connection failed (whatever was read before).
 */
export function outcome(exchange: RawExchange): string {
  if (exchange.error) return `reset: ${exchange.error}`;
  const answer = parseAnswer(exchange.received);
  const code = (answer.body as { error?: { code?: string } } | undefined)?.error?.code;
  return `${answer.status} ${code ?? "(no error body)"}, connection: ${answer.headers.connection}`;
}

/** Runs `exchange` `times` times, one after the other, and counts the outcomes. */
export async function repeat(
  times: number,
  exchange: () => Promise<RawExchange>,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let run = 0; run < times; run++) {
    const line = outcome(await exchange());
    counts[line] = (counts[line] ?? 0) + 1;
  }
  return counts;
}

/**
 * Serves `app` on 127.0.0.1 behind a middleware that counts the requests it has finished with,
 * error handlers included, so a test can tell when nothing more will be reported.
 */
export async function listenCounting(
  app: Hono,
): Promise<{ listener: Listener; finished: (count: number) => Promise<void> }> {
  const outer = new HonoApp();
  let finished = 0;
  let wake = (): void => {};
  outer.use(async (_c, next) => {
    try {
      await next();
    } finally {
      finished++;
      wake();
    }
  });
  outer.route("/", app);
  const listener = await listen(outer, { port: 0 });
  return {
    listener,
    finished: async (count) => {
      while (finished < count) await new Promise<void>((resolve) => (wake = resolve));
    },
  };
}

import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import type { Context, Hono } from "hono";
import { answerClientError } from "./client-error.js";

/** A running HTTP server. */
export interface Listener {
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  readonly url: string;
  readonly port: number;
  /**
   * Stops accepting connections and waits for open requests to finish; the streams that would
   * never finish by themselves (`serverClosing`) end at once.
   */
  close(): Promise<void>;
}

/** Where `listen` puts its closing signal among a request's bindings (`c.env`). */
const closingKey = Symbol("eventual.serverClosing");

/**
 * Aborted when the server that took the request (`listen`) starts closing; undefined for a request
 * it did not take (`TestEnvironment.fetch`, another adapter). A response that never ends by
 * itself, as an event stream, ends on it: `close()` waits for every open response, and a client
 * that keeps one open would otherwise hold the shutdown forever.
 */
export function serverClosing(c: Context): AbortSignal | undefined {
  return (c.env as { [closingKey]?: AbortSignal } | undefined)?.[closingKey];
}

/**
 * Serves a fetch-style app on node:http: the thin adapter every Node host uses. Requests node:http
 * cannot parse (a URL or headers over its header limit, broken framing) get the control API's
 * error body and a connection closed without a reset.
 *
 * @example
 * const listener = await listen(serviceApp({ engine }), { port: 3111 });
 * console.log(`listening on ${listener.url}`);
 */
export async function listen(
  app: Hono,
  options: { port?: number; hostname?: string } = {},
): Promise<Listener> {
  const hostname = options.hostname ?? "127.0.0.1";
  const closing = new AbortController();
  const server = createAdaptorServer({
    // The adapter makes a fresh bindings object per request: adding to it costs no copy.
    fetch: (request, env: Record<PropertyKey, unknown>) => {
      env[closingKey] = closing.signal;
      return app.fetch(request, env);
    },
    hostname,
  });
  const closeIdleConnections = () => {
    if ("closeIdleConnections" in server) server.closeIdleConnections();
  };
  server.on("clientError", answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 3111, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // A response that finishes while the server closes leaves its connection idle: swept
        // now and then, rather than kept until the client's keep-alive runs out.
        const sweep = setInterval(closeIdleConnections, 50);
        server.close((error) => {
          clearInterval(sweep);
          if (error) reject(error);
          else resolve();
        });
        // Streams that never end by themselves (an event stream) end now (`serverClosing`).
        closing.abort();
        closeIdleConnections();
      }),
  };
}

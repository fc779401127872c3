import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import type { Hono } from "hono";
import { answerClientError } from "./client-error.js";

/** A running HTTP server. */
export interface Listener {
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections and waits for open requests to finish. */
  close(): Promise<void>;
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
  const server = createAdaptorServer({ fetch: app.fetch, hostname });
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
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeIdleConnections" in server) server.closeIdleConnections();
      }),
  };
}

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * The `api` baseline: a bare node:http server answering `GET /hello` with the same JSON as the
 * service's route, so the ratio of the two prices the framework alone. Reports like bench/host.ts.
 */
const body = JSON.stringify({ hello: "world" });

const server = createServer((request, response) => {
  if (request.method === "GET" && request.url === "/hello") {
    response.writeHead(200, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    });
    response.end(body);
    return;
  }
  response.writeHead(404).end();
});

server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ type: "ready", url: `http://127.0.0.1:${port}`, pid: process.pid });
});

const stop = () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
};
process.on("SIGTERM", stop);
process.on("disconnect", stop);

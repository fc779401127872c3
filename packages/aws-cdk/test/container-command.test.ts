import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import type { TestDatabase } from "@eventual/store-postgres/test-support";
import { createTestDatabase } from "@eventual/store-postgres/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildContext, serveCommand } from "../src/container.js";

const require = createRequire(import.meta.url);
const apiKey = "container-test-key";

describe("the container's start command", () => {
  let database: TestDatabase;
  let node: ChildProcess;
  let url: string;
  let output = "";

  beforeAll(async () => {
    database = await createTestDatabase();
    const { directory, entry } = buildContext(require.resolve("@my-company/order-service"));
    const [program, ...args] = serveCommand(entry);
    expect(program).toBe("node");
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const db = new URL(database.url);
    // What the task definition gives the container: libpq's variables, the key, the port.
    node = spawn(process.execPath, args, {
      cwd: directory,
      env: {
        PATH: process.env.PATH,
        PGHOST: db.hostname,
        PGPORT: db.port,
        PGUSER: decodeURIComponent(db.username),
        PGPASSWORD: decodeURIComponent(db.password),
        PGDATABASE: db.pathname.slice(1),
        // The local server speaks no TLS; Aurora's does (the task says no-verify).
        PGSSLMODE: "disable",
        EVENTUAL_API_KEY: apiKey,
        EVENTUAL_SERVICE_NAME: "order-service",
        EVENTUAL_PORT: String(port),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    node.stdout!.on("data", (chunk) => {
      output += chunk;
    });
    node.stderr!.on("data", (chunk) => {
      output += chunk;
    });
    const deadline = Date.now() + 60_000;
    while (!output.includes('"msg":"serving"')) {
      if (node.exitCode !== null || Date.now() > deadline) {
        throw new Error(`the node did not serve:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }, 90_000);

  afterAll(async () => {
    if (node && node.exitCode === null) {
      node.kill("SIGTERM");
      await once(node, "exit");
    }
    await database?.drop();
  });

  it("serves the service on PostgreSQL from libpq's variables, named as the task names it", async () => {
    expect(await (await fetch(`${url}/_eventual/health`)).json()).toEqual({ ok: true });
    const placed = await fetch(`${url}/orders`, {
      method: "POST",
      body: JSON.stringify({
        orderId: "o-1",
        customer: "ada",
        items: [{ sku: "tea", quantity: 1 }],
      }),
    });
    expect(placed.status).toBe(202);
    let status: string | undefined;
    const deadline = Date.now() + 30_000;
    while (status !== "SUCCEEDED" && Date.now() < deadline) {
      status = ((await (await fetch(`${url}/orders/o-1`)).json()) as { status?: string }).status;
      if (status !== "SUCCEEDED") await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe("SUCCEEDED");
    const service = await fetch(`${url}/_eventual/service`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(((await service.json()) as { name: string }).name).toBe("order-service");
    expect((await fetch(`${url}/_eventual/service`)).status).toBe(401);
  });

  it("stops on SIGTERM, as ECS stops a task", async () => {
    node.kill("SIGTERM");
    const [code] = await once(node, "exit");
    expect(code).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

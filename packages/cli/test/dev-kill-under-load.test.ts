import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { freePort, startDev } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { waitUntil } from "./support/wait-until.js";

const fixture = fileURLToPath(new URL("./fixtures/durable/", import.meta.url));
const clients = 32;
const rounds = 3;

describe("eventual dev killed with SIGKILL under load", () => {
  const scratch = mkdtempSync(join(fixture, ".scratch-"));
  const data = join(scratch, "data");
  let dev: EventualProcess | undefined;

  afterAll(async () => {
    await dev?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** Starts executions from many clients until the server dies; returns what it acknowledged. */
  async function load(url: string, round: number): Promise<string[]> {
    const acknowledged: string[] = [];
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let n = 0; ; n++) {
          try {
            const started = await call(url, "POST", "/_eventual/workflows/threeSteps/executions", {
              input: n,
              executionName: `r${round}-c${client}-${n}`,
            });
            if (started.status !== 200) throw new Error(`start answered ${started.status}`);
            acknowledged.push(started.body.executionId);
            const signalled = await call(
              url,
              "POST",
              `/_eventual/executions/${started.body.executionId}/signals`,
              {
                signal: "noted",
              },
            );
            if (signalled.status === 202) acknowledged.push(`${started.body.executionId} noted`);
          } catch {
            return; // the server is gone
          }
        }
      }),
    );
    return acknowledged;
  }

  it("leaves an intact database that holds everything it acknowledged", async () => {
    const port = await freePort();
    const acknowledged: string[] = [];
    for (let round = 0; round < rounds; round++) {
      dev = await startDev({ entry: "index.ts", cwd: fixture, data, port });
      const loading = load(dev.url, round);
      await new Promise((resolve) => setTimeout(resolve, 700 + 300 * round));
      await dev.crash();
      acknowledged.push(...(await loading));
    }
    expect(acknowledged.length).toBeGreaterThan(rounds * clients);

    const db = new Database(join(data, "eventual.db"), { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const executionIds = new Set(
      (db.prepare("SELECT id FROM eventual_executions").all() as { id: string }[]).map((r) => r.id),
    );
    const signalled = new Set(
      (
        db
          .prepare(`SELECT execution_id FROM eventual_inbox WHERE event LIKE '%"signal":"noted"%'
                    UNION SELECT e.id FROM eventual_history h
                      JOIN eventual_executions e ON e.key = h.execution_key
                      WHERE h.event LIKE '%"signal":"noted"%'`)
          .all() as { execution_id: string }[]
      ).map((r) => r.execution_id),
    );
    db.close();
    for (const ack of acknowledged) {
      const [id, noted] = ack.split(" ");
      if (noted) expect(signalled.has(id!), ack).toBe(true);
      else expect(executionIds.has(id!), ack).toBe(true);
    }

    // And the engine runs every one of them to its end.
    dev = await startDev({ entry: "index.ts", cwd: fixture, data, port });
    const count = async (status: string) =>
      (await call(dev!.url, "GET", `/_eventual/executions?status=${status}&limit=1`)).body
        .executions.length;
    await waitUntil(async () => (await count("IN_PROGRESS")) === 0, 60_000);
    expect([await count("FAILED"), await count("CANCELLED")]).toEqual([0, 0]);
  }, 120_000);
});

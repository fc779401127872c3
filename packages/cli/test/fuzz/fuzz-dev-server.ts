import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EventualProcess } from "../support/dev-server.js";
import { startDev } from "../support/dev-server.js";
import { call } from "../support/http.js";

/** The service the fuzz runs against: the durable fixture, with the executions it names. */
const fixture = fileURLToPath(new URL("../fixtures/durable/", import.meta.url));

/** A real `eventual dev` of the durable fixture, its data in a fresh folder, ready to be fuzzed. */
export async function startFuzzedDev(): Promise<{
  dev: EventualProcess;
  data: string;
  port: number;
}> {
  const data = mkdtempSync(join(tmpdir(), "eventual-fuzz-"));
  const dev = await startDev({ entry: "index.ts", cwd: fixture, data });
  for (const [workflow, name, input] of [
    ["hello", "f1", "fuzz"],
    ["approval", "f1", { id: "f1" }],
    ["approval", "f2", { id: "f2" }],
    ["threeSteps", "f1", 1],
  ] as const) {
    await call(dev.url, "POST", `/_eventual/workflows/${workflow}/executions`, {
      input,
      executionName: name,
    });
  }
  return { dev, data, port: Number(new URL(dev.url).port) };
}

/** The database file of a fuzzed dev server. */
export const databaseOf = (data: string) => join(data, "eventual.db");

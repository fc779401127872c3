import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, runEventual, startDev } from "./support/dev-server.js";
import { cliServiceDir } from "./support/run-cli.js";

/** Runs `eventual dev` to its end: what it printed and how it exited. */
async function devUntilExit(args: string[]): Promise<{ code: number | null; output: string }> {
  const run = runEventual(["dev", "index.ts", ...args], { cwd: cliServiceDir });
  const [code] = await once(run.child, "exit");
  return { code, output: run.output() };
}

describe("eventual dev when the service cannot start", () => {
  const data = mkdtempSync(join(tmpdir(), "eventual-startup-"));
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it("exits 1 with one line when its port is in use", async () => {
    const squatter = createServer().listen(0, "127.0.0.1");
    await once(squatter, "listening");
    const { port } = squatter.address() as { port: number };
    try {
      const result = await devUntilExit(["--port", String(port), "--data", join(data, "a")]);
      expect(result).toEqual({
        code: 1,
        output: `eventual: port ${port} is in use; stop what uses it or pass --port\n`,
      });
    } finally {
      squatter.close();
    }
  });

  it("exits 1 with one line when another eventual dev holds its data", async () => {
    const first = await startDev({ entry: "index.ts", cwd: cliServiceDir, data: join(data, "b") });
    try {
      const port = String(await freePort());
      const result = await devUntilExit(["--port", port, "--data", join(data, "b")]);
      expect(result).toEqual({
        code: 1,
        output: `eventual: ${join(data, "b", "eventual.db")} is in use by another process (another eventual dev?); stop it or pass --data\n`,
      });
    } finally {
      await first.stop();
    }
  });
});

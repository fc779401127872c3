import type { EventualProcess } from "./dev-server.js";
import { freePort, runEventual } from "./dev-server.js";

export const apiKey = "test-api-key";

/** Starts `eventual serve <entry>` on a free port and waits until it logs that it serves. */
export async function startServe(options: {
  entry: string;
  cwd: string;
  db: string;
  name?: string;
  port?: number;
  args?: string[];
  env?: Record<string, string>;
}): Promise<EventualProcess> {
  const port = options.port ?? (await freePort());
  const started = runEventual(
    [
      "serve",
      options.entry,
      "--db",
      options.db,
      "--port",
      String(port),
      "--host",
      "127.0.0.1",
      ...(options.args ?? []),
    ],
    {
      cwd: options.cwd,
      env: { EVENTUAL_API_KEY: apiKey, NODE_NAME: options.name ?? "node", ...options.env },
    },
  );
  await started.waitForOutput(/"msg":"(serving|working \(no HTTP\))"/, 30_000);
  return { ...started, url: `http://127.0.0.1:${port}` };
}

/** The JSON lines a serve node has logged so far. */
export function logLines(node: Pick<EventualProcess, "output">): Record<string, unknown>[] {
  return node
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line));
}

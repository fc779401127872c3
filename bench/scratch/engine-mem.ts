import { rmSync } from "node:fs";
import { signal, workflow } from "@eventual/core";
import { installServiceRuntime } from "@eventual/core/internal";
import { Engine } from "@eventual/engine";
import { SqliteStore } from "@eventual/store-sqlite";

const go = signal<string>("go");
workflow("waiter", async () => go.expectSignal());
rmSync("/tmp/engmem", { recursive: true, force: true });
const engine = new Engine({
  store:
    process.argv[3] === "mem"
      ? new (await import("@eventual/engine")).MemoryStore()
      : SqliteStore.open("/tmp/engmem/e.db"),
  echoLogs: false,
  cacheSize: Number(process.argv[2] ?? 10000),
});
installServiceRuntime(engine);
engine.start({ maxIdleMs: Infinity });
const mem = () => {
  (globalThis as any).gc();
  const m = process.memoryUsage();
  return `rss ${(m.rss / 1e6).toFixed(0)} heapTotal ${(m.heapTotal / 1e6).toFixed(0)} heapUsed ${(m.heapUsed / 1e6).toFixed(0)}`;
};
console.log("start", mem());
let n = 0;
await Promise.all(
  Array.from({ length: 200 }, async () => {
    while (n < 100000) {
      n++;
      await engine.startExecution({ workflow: "waiter" });
    }
  }),
);
console.log("100k", mem());
await new Promise((r) => setTimeout(r, 2000));
console.log("later", mem());
await engine.stop();

/**
 * `npm run fuzz [-- --requests 100000 --seed 7 --concurrency 8]`: fuzzes a real `eventual dev`
 * over HTTP, prints what each kind of request got, and exits 1 if any was answered 5xx, reset,
 * or left hanging, if the service stopped, or if its database is damaged afterwards.
 */
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { databaseOf, startFuzzedDev } from "./fuzz-dev-server.js";
import { runFuzz } from "./run-fuzz.js";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "10000" },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
    concurrency: { type: "string", default: "8" },
  },
});
const options = {
  requests: Number(values.requests),
  seed: Number(values.seed),
  concurrency: Number(values.concurrency),
};

const { dev, data, port } = await startFuzzedDev();
const started = Date.now();
const report = await runFuzz({ port, ...options });
const seconds = (Date.now() - started) / 1000;
const stopped = dev.output().includes("The service stopped");
const exitCode = await dev.stop();
const db = new Database(databaseOf(data), { readonly: true });
const integrity = db.pragma("integrity_check", { simple: true });
db.close();
rmSync(data, { recursive: true, force: true });

console.log(`seed ${options.seed}: ${report.requests} requests in ${seconds.toFixed(1)} s`);
for (const [kind, outcomes] of Object.entries(report.byKind)) {
  console.log(`  ${kind.padEnd(20)} ${JSON.stringify(outcomes)}`);
}
for (const failure of report.failures.slice(0, 20)) console.log("FAILED", failure);
console.log(
  `failures ${report.failures.length}, service stopped: ${stopped}, exit ${exitCode}, integrity ${integrity}`,
);
process.exitCode =
  report.failures.length === 0 && !stopped && exitCode === 0 && integrity === "ok" ? 0 : 1;

import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { measureReplay } from "./replay.js";

/**
 * `npm run bench [-- --quick]`: runs the benchmark scenarios, prints a table and writes
 * bench/results/latest.json. Scenarios that need a durable store arrive with the stores.
 */
const quick = process.argv.includes("--quick");

const replay10k = await measureReplay(10_000, quick ? 3 : 7);

const results = {
  date: new Date().toISOString(),
  commit: gitCommit(),
  node: process.version,
  cpus: cpus().length,
  store: "none (executor only)",
  durability: "n/a",
  replay10k,
};

console.table({ replay10k });
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(
  new URL("./results/latest.json", import.meta.url),
  `${JSON.stringify(results, null, 2)}\n`,
);
console.log("wrote bench/results/latest.json");

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

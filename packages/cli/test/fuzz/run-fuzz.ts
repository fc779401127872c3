import fc from "fast-check";
import type { FuzzRequest } from "./fuzz-requests.js";
import { fuzzRequest } from "./fuzz-requests.js";
import type { RawOutcome } from "./send-raw.js";
import { sendRaw } from "./send-raw.js";

/** What a fuzz run saw: outcomes per kind, and every request answered wrongly. */
export interface FuzzReport {
  requests: number;
  byKind: Record<string, Record<string, number>>;
  failures: { kind: string; outcome: RawOutcome; request: string }[];
}

/**
 * Sends `requests` requests drawn from `fuzzRequest` with `seed`, `concurrency` at a time, to the
 * service on `port`. A request fails when it is answered 5xx, reset, or left hanging; a
 * connection closed without an answer fails too, unless the client itself cut the request short.
 */
export async function runFuzz(options: {
  port: number;
  requests: number;
  seed: number;
  concurrency?: number;
}): Promise<FuzzReport> {
  const drawn = fc.sample(fuzzRequest, { seed: options.seed, numRuns: options.requests });
  const report: FuzzReport = { requests: drawn.length, byKind: {}, failures: [] };
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < drawn.length; i = next++) {
      const request = drawn[i]!;
      record(report, request, await sendRaw(options.port, request));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return report;
}

function record(report: FuzzReport, request: FuzzRequest, outcome: RawOutcome): void {
  const label = outcome.type === "answered" ? String(outcome.status) : outcome.type;
  report.byKind[request.kind] ??= {};
  const kind = report.byKind[request.kind]!;
  kind[label] = (kind[label] ?? 0) + 1;
  const failed =
    (outcome.type === "answered" && outcome.status >= 500) ||
    outcome.type === "reset" ||
    outcome.type === "hung" ||
    (outcome.type === "closed" && !request.endAfterWrite);
  if (failed) {
    const text = request.bytes.subarray(0, 300).toString("latin1");
    report.failures.push({ kind: request.kind, outcome, request: JSON.stringify(text) });
  }
}

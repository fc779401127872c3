import { percentile, round2 } from "./stats.js";

/** One call of the load: resolves true when it succeeded, false (or rejects) when it failed. */
export type Call = () => Promise<boolean>;

export interface ClosedLoopOptions {
  /** Callers, each waiting for its answer before its next call. */
  concurrency: number;
  /** Load before the measured window, whose calls are discarded (caches, JIT, connections). */
  warmupMs: number;
  windowMs: number;
  call: Call;
  /** The engine's CPU so far (`HostSession.engineCpuMs`): read as the window opens and closes. */
  cpuMs?: () => number;
}

/** What a window of load measured; latencies are those of the successful calls. */
export interface LoadFigures {
  throughput_per_s: number;
  p50_ms: number;
  p99_ms: number;
  runs: number;
  failures: number;
  /** The engine's CPU milliseconds per call counted in the window, when `cpuMs` was given. */
  cpu_ms_per_call?: number;
}

/**
 * Runs `concurrency` closed-loop callers through a warm-up and then a measured window. A call
 * counts in the window when it ends inside it; calls still open when the window closes are
 * awaited but not counted, so the figures are neither inflated nor cut short.
 */
export async function closedLoop(options: ClosedLoopOptions): Promise<LoadFigures> {
  const windowStart = performance.now() + options.warmupMs;
  const windowEnd = windowStart + options.windowMs;
  const latencies: number[] = [];
  let failures = 0;
  let firstError: unknown;
  const cpu =
    options.cpuMs &&
    sampleAt([options.warmupMs, options.warmupMs + options.windowMs], options.cpuMs);
  const caller = async () => {
    while (performance.now() < windowEnd) {
      const start = performance.now();
      const ok = await options.call().catch((error: unknown) => {
        firstError ??= error;
        return false;
      });
      const end = performance.now();
      if (end < windowStart || end > windowEnd) continue;
      if (ok) latencies.push(end - start);
      else failures++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, caller));
  if (firstError) console.error("  first failure:", String(firstError).slice(0, 300));
  const figures: LoadFigures = {
    throughput_per_s: round2(latencies.length / (options.windowMs / 1000)),
    p50_ms: round2(percentile(latencies, 50)),
    p99_ms: round2(percentile(latencies, 99)),
    runs: latencies.length,
    failures,
  };
  if (cpu) {
    const [open, close] = await cpu;
    figures.cpu_ms_per_call = round2((close! - open!) / latencies.length);
  }
  return figures;
}

/** Reads `sample()` when each of `delaysMs` has passed, from now. */
function sampleAt(delaysMs: number[], sample: () => number): Promise<number[]> {
  return Promise.all(
    delaysMs.map((ms) => new Promise<number>((resolve) => setTimeout(() => resolve(sample()), ms))),
  );
}

/**
 * Runs `count` calls one at a time after `warmup` discarded ones; latencies of the successes, and
 * with `cpuMs` the engine's CPU milliseconds per measured call.
 */
export async function oneAtATime(
  count: number,
  warmup: number,
  call: Call,
  cpuMs?: () => number,
): Promise<{ latencies: number[]; failures: number; cpuMsPerCall?: number }> {
  for (let i = 0; i < warmup; i++) await call();
  const latencies: number[] = [];
  let failures = 0;
  const cpuBefore = cpuMs?.();
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    if (await call()) latencies.push(performance.now() - start);
    else failures++;
  }
  if (cpuMs === undefined || cpuBefore === undefined) return { latencies, failures };
  return { latencies, failures, cpuMsPerCall: round2((cpuMs() - cpuBefore) / count) };
}

/** Calls `task(i)` for i in 0..count-1 with at most `concurrency` in flight; rejects on the first failure. */
export async function forEachConcurrently(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    try {
      while (next < count && !failed) await task(next++);
    } catch (error) {
      failed = true; // the other workers stop at their next task
      throw error;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

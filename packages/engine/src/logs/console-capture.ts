import { format } from "node:util";
import { codeScope } from "../code-scope.js";
import type { LogLevel } from "../store/store.js";

/** Where `console` output goes while service code runs: its workflow, activity or subscriber. */
export interface LogSink {
  log(level: LogLevel, message: string): void;
}

const installedKey = Symbol.for("eventual.consoleCaptured");
const globals = globalThis as typeof globalThis & {
  [installedKey]?: Console;
};

const levels: Record<"log" | "info" | "debug" | "warn" | "error", LogLevel> = {
  log: "info",
  info: "info",
  debug: "debug",
  warn: "warn",
  error: "error",
};

/**
 * Routes `console` output made inside a workflow, activity or subscriber to its sink, so it is
 * stored with its execution; everywhere else `console` prints as usual. Once per process.
 */
export function installConsoleCapture(): void {
  if (globals[installedKey]) return;
  const original = { ...console };
  globals[installedKey] = original as Console;
  for (const [method, level] of Object.entries(levels)) {
    const print = original[method as keyof typeof levels];
    console[method as keyof typeof levels] = (...args: unknown[]) => {
      const scope = codeScope.getStore();
      const sink = scope?.workflow ?? scope?.logs;
      if (sink) sink.log(level, format(...args));
      else print(...args);
    };
  }
}

/** Prints to the terminal, bypassing the capture: how the engine echoes what it stored. */
export function printLog(level: LogLevel, line: string): void {
  const real = globals[installedKey] ?? console;
  (level === "info" ? real.log : real[level])(line);
}

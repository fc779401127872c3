import { syncBuiltinESMExports } from "node:module";
import timers from "node:timers";
import timerPromises from "node:timers/promises";
import { promisify } from "node:util";
import { NonDeterministicCallError } from "@eventual/core";
import { currentWorkflowScope } from "../code-scope.js";
import type { LogLevel } from "../store/store.js";

/**
 * Makes workflow code replay-safe without a compiler: while a workflow runs (its async context is
 * carried through every continuation by the code scope), `Date` and `Math.random()` answer from
 * the execution's history and seed, and timers and network I/O throw an error naming the primitive
 * to use instead. Outside a workflow every global behaves as usual.
 */
export interface DeterministicScope {
  /** Epoch milliseconds of the event being applied. */
  readonly now: number;
  random(): number;
  /** Takes `console` output made by workflow code. */
  log(level: LogLevel, message: string): void;
}

const realKey = Symbol.for("eventual.real");
const installedKey = Symbol.for("eventual.sandboxInstalled");

function real<T>(value: T): T {
  return ((value as Record<symbol, unknown>)[realKey] as T | undefined) ?? value;
}

/** The real globals, for the engine's own use, even if another copy of this module patched them. */
export const realDate: DateConstructor = real(globalThis.Date);
export const realSetImmediate: typeof setImmediate = real(globalThis.setImmediate);

let drained: Promise<void> | undefined;

/**
 * Lets every pending continuation of a workflow run before the next event is applied. Every
 * instance that asks in one turn of the event loop waits for the same turn's end: under load a
 * commit's steps are applied side by side, and one `setImmediate` drains them all.
 */
export function drainMicrotasks(): Promise<void> {
  drained ??= new Promise((resolve) =>
    realSetImmediate(() => {
      drained = undefined;
      resolve();
    }),
  );
  return drained;
}

const forbidden: Record<string, string> = {
  setTimeout: "use sleepFor(seconds) or sleepUntil(time)",
  setInterval: "use a loop with sleepFor(seconds)",
  setImmediate: "await the operation itself",
  fetch: "call an activity that does the request",
};

/** Patches the globals once per process; harmless to call again. */
export function installSandbox(): void {
  const flags = globalThis as Record<symbol, unknown>;
  if (flags[installedKey]) return;
  flags[installedKey] = true;
  patchDate();
  patchRandom();
  patchPerformanceNow();
  for (const [name, advice] of Object.entries(forbidden)) patchForbidden(name, advice);
  patchTimerModules();
  // `import { setTimeout } from "node:timers/promises"` reads these objects' exports.
  syncBuiltinESMExports();
}

function patchDate() {
  const RealDate = globalThis.Date;
  const realNow = RealDate.now.bind(RealDate);
  RealDate.now = function now() {
    const scope = currentWorkflowScope();
    return scope ? scope.now : realNow();
  };
  const DeterministicDate = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      const scope = currentWorkflowScope();
      if (scope && args.length === 0) return Reflect.construct(target, [scope.now], newTarget);
      return Reflect.construct(target, args, newTarget);
    },
    apply(target) {
      const scope = currentWorkflowScope();
      return scope ? new target(scope.now).toString() : target();
    },
    get(target, property, receiver) {
      if (property === realKey) return target;
      return Reflect.get(target, property, receiver);
    },
  });
  globalThis.Date = DeterministicDate;
}

function patchRandom() {
  const realRandom = Math.random;
  Math.random = function random() {
    const scope = currentWorkflowScope();
    return scope ? scope.random() : realRandom();
  };
}

/** Milliseconds since the process started, as of the event being applied: the same on replay. */
function patchPerformanceNow() {
  const realNow = performance.now.bind(performance);
  performance.now = function now() {
    const scope = currentWorkflowScope();
    return scope ? scope.now - performance.timeOrigin : realNow();
  };
}

/**
 * The timers of `node:timers` are the globals under another name, and `node:timers/promises`
 * offers them as promises: each is guarded like the globals, so no import gets around the
 * sandbox.
 */
function patchTimerModules() {
  const globals = globalThis as unknown as Record<string, unknown>;
  const callbacks = timers as unknown as Record<string, unknown>;
  const promised = timerPromises as unknown as Record<string, unknown>;
  for (const name of ["setTimeout", "setInterval", "setImmediate"]) {
    callbacks[name] = globals[name];
    promised[name] = guarded(`${name} of node:timers/promises`, promised[name], forbidden[name]!);
  }
  const scheduler = promised.scheduler as Record<string, unknown> | undefined;
  if (scheduler) {
    scheduler.wait = guarded("scheduler.wait", scheduler.wait, forbidden.setTimeout!);
  }
}

/** `real`, throwing a `NonDeterministicCallError` when called inside a workflow. */
function guarded(name: string, real: unknown, advice: string): unknown {
  if (typeof real !== "function") return real;
  return function (this: unknown, ...args: unknown[]) {
    if (currentWorkflowScope()) throw refusal(name, advice);
    return real.apply(this, args);
  };
}

function refusal(name: string, advice: string): NonDeterministicCallError {
  return new NonDeterministicCallError(
    `${name} is not allowed in workflow code because replay could not repeat it: ${advice}.`,
  );
}

function patchForbidden(name: string, advice: string) {
  const target = globalThis as unknown as Record<string, unknown>;
  const real = target[name] as ((...args: unknown[]) => unknown) | undefined;
  if (typeof real !== "function") return;
  const guard = function (this: unknown, ...args: unknown[]) {
    if (currentWorkflowScope()) throw refusal(name, advice);
    return real.apply(this, args);
  };
  for (const key of Reflect.ownKeys(real)) {
    const descriptor = Object.getOwnPropertyDescriptor(real, key);
    if (descriptor && !(key in guard) && key !== promisify.custom) {
      Object.defineProperty(guard, key, descriptor);
    }
  }
  // `promisify(setTimeout)` uses this; it must not become a way around the guard.
  const promised = (real as unknown as Record<symbol, unknown>)[promisify.custom];
  if (typeof promised === "function") {
    Object.defineProperty(guard, promisify.custom, {
      value: function (this: unknown, ...args: unknown[]) {
        if (currentWorkflowScope()) return Promise.reject(refusal(`promisify(${name})`, advice));
        return promised.apply(this, args);
      },
    });
  }
  Object.defineProperty(guard, realKey, { value: real });
  target[name] = guard;
}

/** A small seeded generator (mulberry32) so `Math.random()` repeats on replay. */
export function seededRandom(seedText: string): () => number {
  let seed = hashString(seedText);
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, 32 bits. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

import type { Schema } from "./schema.js";

/**
 * Everything a service module declares, in declaration order. Primitives register here when the
 * module is imported; a host reads it to learn what to run.
 */
export interface ServiceRegistry {
  workflows: Map<string, WorkflowDeclaration>;
  activities: Map<string, ActivityDeclaration>;
  events: Map<string, EventDeclaration>;
  signals: Map<string, { name: string }>;
  subscriptions: Map<string, SubscriptionDeclaration>;
  routes: RouteDeclaration[];
}

export interface WorkflowDeclaration {
  name: string;
  options: { timeout?: number; version?: string };
  handler: (input: any, context: any) => Promise<unknown>;
}

export interface ActivityDeclaration {
  name: string;
  options: ActivityPolicy;
  handler: (...args: any[]) => unknown;
}

/** How an activity is timed out and retried, normalized from the options a user wrote. */
export interface ActivityPolicy {
  /** Seconds from scheduling until the activity times out, across all attempts. */
  timeout?: number;
  /** Seconds an attempt may go without a heartbeat. */
  heartbeatTimeout?: number;
  retry?: RetryPolicy;
}

/** Retries with exponential backoff; with no policy an activity runs once. */
export interface RetryPolicy {
  maxAttempts: number;
  /** Seconds before the first retry (default 1). */
  initialInterval?: number;
  /** Factor applied to the interval after each retry (default 2). */
  backoffCoefficient?: number;
  /** Longest interval in seconds (default 60). */
  maxInterval?: number;
}

export interface EventDeclaration {
  name: string;
  schema?: Schema;
}

export interface SubscriptionDeclaration {
  name: string;
  events: string[];
  handler: (event: any) => unknown;
  retry: RetryPolicy;
}

/** A route's method; `ALL` (from `api.all`) matches every method. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS" | "ALL";

export interface RouteDeclaration {
  method: HttpMethod;
  path: string;
  /** Run in order with `(request, context)` until one returns something other than `undefined`. */
  handlers: ((request: any, context: any) => unknown)[];
  /** The `api.use` chain the route was declared on, outermost first. */
  middlewares: ((input: any) => unknown)[];
}

/** A summary of a service, as `GET /_eventual/service` and `eventual dev` show it. */
export interface ServiceSpec {
  workflows: { name: string; timeout?: number }[];
  activities: ({ name: string } & ActivityPolicy)[];
  events: { name: string; hasSchema: boolean }[];
  signals: { name: string }[];
  subscriptions: { name: string; events: string[] }[];
  routes: { method: HttpMethod; path: string }[];
}

let registry = emptyRegistry();

function emptyRegistry(): ServiceRegistry {
  return {
    workflows: new Map(),
    activities: new Map(),
    events: new Map(),
    signals: new Map(),
    subscriptions: new Map(),
    routes: [],
  };
}

/** The declarations of every service module imported into this process so far. */
export function getRegistry(): ServiceRegistry {
  return registry;
}

/** Forgets every declaration; for hosts that reload a service and for tests. */
export function clearRegistry(): void {
  registry = emptyRegistry();
}

/** Adds a named declaration, refusing a second one under the same name. */
export function declare<T extends { name: string }>(
  kind: "workflows" | "activities" | "events" | "signals" | "subscriptions",
  declaration: T,
): T {
  const table = registry[kind] as Map<string, unknown>;
  if (table.has(declaration.name)) {
    throw new Error(
      `${singular[kind]} "${declaration.name}" is declared twice; names must be unique.`,
    );
  }
  table.set(declaration.name, declaration);
  sites.set(declaration, declarationSite());
  return declaration;
}

/** Adds a route of `api`. */
export function declareRoute(route: RouteDeclaration): void {
  registry.routes.push(route);
  sites.set(route, declarationSite());
}

/**
 * The file each declaration was made in. A service runs only what its own files declare: one
 * that imports another service's module for its events must not run that service's workflows,
 * routes or subscribers (see `ownDeclarations`).
 */
const sites = new WeakMap<object, string | undefined>();

/** Where this core's own files are: frames in them are not the declaring code's. */
const coreFiles = pathOf(new URL("./", import.meta.url).href);

/**
 * The file of the code that called into core, from the stack; undefined if none shows. A frame
 * names its file by URL, or by path where source maps apply (TypeScript run by tsx).
 */
function declarationSite(): string | undefined {
  const frames = new Error().stack?.split("\n").slice(1) ?? [];
  for (const frame of frames) {
    const location = /((?:file:\/\/)?\/[^\s()]+?):\d+:\d+\)?$/.exec(frame)?.[1];
    const file = location && pathOf(location);
    if (file && !file.startsWith(coreFiles)) return file;
  }
  return undefined;
}

function pathOf(location: string): string {
  return location.startsWith("file:") ? decodeURIComponent(new URL(location).pathname) : location;
}

/**
 * The declarations of `source` that a service owns: workflows, activities, subscriptions and
 * routes declared in files `owns` accepts (and those whose file is unknown). Events and signals
 * are kept whoever declared them: they are names and schemas that the service's own code uses
 * to publish, receive and send.
 *
 * @example
 * const own = ownDeclarations(getRegistry(), (file) => !file.startsWith(orderServiceRoot));
 */
export function ownDeclarations(
  source: ServiceRegistry,
  owns: (file: string) => boolean,
): ServiceRegistry {
  const own = (declaration: object) => {
    const site = sites.get(declaration);
    return site === undefined || owns(site);
  };
  const ownTable = <T extends object>(table: Map<string, T>) =>
    new Map([...table].filter(([, declaration]) => own(declaration)));
  return {
    workflows: ownTable(source.workflows),
    activities: ownTable(source.activities),
    events: source.events,
    signals: source.signals,
    subscriptions: ownTable(source.subscriptions),
    routes: source.routes.filter(own),
  };
}

const singular = {
  workflows: "Workflow",
  activities: "Activity",
  events: "Event",
  signals: "Signal",
  subscriptions: "Subscription",
};

/** Reads the registry as a plain description of the service. */
export function describeService(source: ServiceRegistry = registry): ServiceSpec {
  return {
    workflows: [...source.workflows.values()].map((w) => ({ name: w.name, ...w.options })),
    activities: [...source.activities.values()].map((a) => ({ name: a.name, ...a.options })),
    events: [...source.events.values()].map((e) => ({ name: e.name, hasSchema: !!e.schema })),
    signals: [...source.signals.values()].map((s) => ({ name: s.name })),
    subscriptions: [...source.subscriptions.values()].map((s) => ({
      name: s.name,
      events: s.events,
    })),
    routes: source.routes.map((r) => ({ method: r.method, path: r.path })),
  };
}

const workflowNamePattern = /^[A-Za-z0-9._-]{1,128}$/;

/** Workflow names become part of execution ids, so they must be safe in a URL path segment. */
export function assertWorkflowName(name: string): void {
  if (!workflowNamePattern.test(name)) {
    throw new Error(
      `Workflow name "${name}" is invalid: use 1 to 128 letters, digits, '.', '_' or '-'.`,
    );
  }
}

/** Names of activities, events, signals and subscriptions: any non-empty string up to 256 chars. */
export function assertName(kind: string, name: string): void {
  if (typeof name !== "string" || name.length === 0 || name.length > 256) {
    throw new Error(`${kind} name must be a non-empty string of at most 256 characters.`);
  }
}

import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { ServiceHost, ServiceHostOptions } from "@eventual/cli";
import { loadService, startServiceHost } from "@eventual/cli";
import { openStore } from "./lib/stores.js";

/**
 * The engine process of a scenario: serves bench/service.ts on a fresh store, as `eventual dev`
 * serves a user's module, and tells the parent (over IPC) where it listens and its pid.
 *
 *   node [--expose-gc] --import tsx bench/host.ts --sqlite <file> | --postgres <url>
 *     [--link publisher|subscriber --app-secret <secret> [--subscriber-url <url>]]
 *
 * With `--link` it is one of two services of an app (`crossService`): `bench-publisher`, which
 * pushes `crossTick` to `bench-subscriber` at `--subscriber-url`, or `bench-subscriber`, which
 * takes it and alone runs the subscriber that counts it. Both sign with secrets derived from
 * `--app-secret`, as `eventual dev` wires an app's services.
 *
 * It stops on SIGTERM (finishing work in hand) or when the parent goes away.
 */

/** What the host tells the parent once it listens. */
export interface HostReady {
  type: "ready";
  url: string;
  pid: number;
}

const { values } = parseArgs({
  options: {
    sqlite: { type: "string" },
    postgres: { type: "string" },
    link: { type: "string" },
    "app-secret": { type: "string" },
    "subscriber-url": { type: "string" },
  },
});

const kind = values.sqlite !== undefined ? "sqlite" : "postgres";
const location = values.sqlite ?? values.postgres;
if (location === undefined) {
  throw new Error("bench/host.ts needs --sqlite <file> or --postgres <url>.");
}
const store = await openStore(kind, location);
// Work committed elsewhere: never on SQLite (this process is its only writer); on PostgreSQL
// looked for every 2 s as `eventual serve` does, as a fallback to NOTIFY.
const pollMs = kind === "postgres" ? 2_000 : undefined;
const connection = values.link ? appConnection(values) : undefined;
// Read by bench/service.ts as it loads: only the subscribing side declares the counting subscriber.
if (values.link) process.env.EVENTUAL_BENCH_LINK = values.link;
const host = await startServiceHost({
  service: await loadService(fileURLToPath(new URL("./service.ts", import.meta.url)), {
    name: connection?.service,
  }),
  store,
  port: 0,
  pollMs,
  connection,
});
stopOnSignalOrOrphaned(host);
collectGarbageOnRequest();
const ready: HostReady = { type: "ready", url: host.listener!.url, pid: process.pid };
if (process.send) process.send(ready);
else console.log(JSON.stringify(ready)); // started by hand, to poke at with curl

/**
 * `--link`: this process as one service of a two-service app in which `bench-subscriber` takes
 * `crossTick` from `bench-publisher`. Only the publisher needs the other's URL: it pushes, the
 * subscriber only answers.
 */
function appConnection(options: {
  link?: string;
  "app-secret"?: string;
  "subscriber-url"?: string;
}): NonNullable<ServiceHostOptions["connection"]> {
  const { link: role, "app-secret": appSecret, "subscriber-url": subscriberUrl } = options;
  if (role !== "publisher" && role !== "subscriber")
    throw new Error(`bench/host.ts --link must be publisher or subscriber, not ${role}.`);
  if (!appSecret) throw new Error("bench/host.ts --link needs --app-secret <secret>.");
  if (role === "publisher" && !subscriberUrl)
    throw new Error("bench/host.ts --link publisher needs --subscriber-url <url>.");
  const link = { service: "bench-publisher", events: ["crossTick"] };
  return {
    service: `bench-${role}`,
    subscribers: role === "publisher" ? [{ ...link, service: "bench-subscriber" }] : [],
    publishers: role === "subscriber" ? [link] : [],
    urls: subscriberUrl ? { "bench-subscriber": subscriberUrl } : {},
    secrets: { app: appSecret },
  };
}

/** Lets the parent tell retained memory from garbage: `{ type: "collect" }` runs a full GC. */
function collectGarbageOnRequest(): void {
  process.on("message", (message: { type?: string }) => {
    if (message?.type !== "collect") return;
    globalThis.gc?.();
    process.send?.({ type: "collected" });
  });
}

function stopOnSignalOrOrphaned(running: ServiceHost): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("bench host: close failed:", error);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  process.on("disconnect", stop);
}

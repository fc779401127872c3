import type { Engine } from "@eventual/engine";
import { dashboardFiles } from "@eventual/ui";
import type { MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { controlApi } from "./control-api.js";
import { dashboardPath, dashboardRoutes } from "./dashboard-routes.js";
import { errorResponse, toErrorResponse } from "./http-error.js";
import { limitBody } from "./limit-body.js";
import type { InboundOptions } from "./receive-events.js";
import { receiveEvents } from "./receive-events.js";
import { sameSecret } from "./same-secret.js";
import { userRoutes } from "./user-routes.js";

export interface ServiceAppOptions {
  engine: Engine;
  /** Largest request body in bytes (default 1 MiB); larger ones get 413. */
  bodyLimit?: number;
  /** When set, every `/_eventual` route but `health` requires `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Takes pushes of events from the other services of its app (see `receiveEvents`). */
  inbound?: InboundOptions;
  /** Serves the dashboard at `/_eventual/ui` (default true). */
  dashboard?: boolean;
}

export const defaultBodyLimit = 1024 * 1024;

/**
 * One fetch-style handler for a whole service: its `api.*` routes, the control API under
 * `/_eventual` and the dashboard at `/_eventual/ui`. Hosts wrap it in an adapter (`listen` for node:http; `TestEnvironment.fetch`).
 *
 * @example
 * const app = serviceApp({ engine });
 * const server = await listen(app, { port: 3111 });
 */
export function serviceApp(options: ServiceAppOptions): Hono {
  const app = new Hono();
  const bodyLimit = options.bodyLimit ?? defaultBodyLimit;
  if (options.apiKey !== undefined) app.use("/_eventual/*", apiKeyGuard(options.apiKey));
  if (options.inbound) {
    app.route("/_eventual", receiveEvents(options.engine, options.inbound, bodyLimit));
  }
  if (options.dashboard !== false) app.route(dashboardPath, dashboardRoutes(dashboardFiles));
  app.route("/_eventual", controlApi(options.engine, { bodyLimit }));
  // The control API reads its bodies with the limit itself; the service's own routes get it here.
  app.use("*", limitBody(bodyLimit));
  const report = (error: unknown, during: string) => options.engine.reportError(error, during);
  app.route("/", userRoutes(options.engine.registry.routes, report));
  app.notFound((c) => errorResponse(c, "not_found", `No route for ${c.req.method} ${c.req.path}.`));
  app.onError(toErrorResponse(report));
  return app;
}

const pushPath = "/_eventual/events/from/";

/** Requires the API key on every control route but `health`, which load balancers call. */
function apiKeyGuard(apiKey: string): MiddlewareHandler {
  return async (c, next) => {
    // Health is for load balancers; a push between services carries a signature instead; the
    // dashboard's files hold no data, and the page asks for the key before it calls the API.
    if (c.req.path === "/_eventual/health" || c.req.path.startsWith(pushPath)) return next();
    if (c.req.path === dashboardPath || c.req.path.startsWith(`${dashboardPath}/`)) return next();
    const header = c.req.header("authorization");
    if (header === undefined)
      return errorResponse(
        c,
        "unauthorized",
        "An API key is required: send Authorization: Bearer <key>.",
      );
    // The key is all that follows the scheme: one given with spaces in it is sent whole.
    const space = header.indexOf(" ");
    const scheme = space === -1 ? header : header.slice(0, space);
    const key = space === -1 ? "" : header.slice(space + 1);
    if (scheme.toLowerCase() !== "bearer" || !key || !sameSecret(key, apiKey)) {
      return errorResponse(c, "unauthorized", "The API key is wrong.");
    }
    return next();
  };
}

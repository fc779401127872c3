import type { DashboardFile, DashboardFiles } from "@eventual/ui";
import type { Context } from "hono";
import { Hono } from "hono";

/** Where every host serves the dashboard. */
export const dashboardPath = "/_eventual/ui";

/**
 * The page forbids everything but its own files and calls to its own origin; bars are placed with
 * inline `style` attributes, which is all `unsafe-inline` allows.
 */
const pageHeaders = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/**
 * Serves the dashboard's built files, mounted at `/_eventual/ui` by `serviceApp`. Any path that is
 * not a file gets `index.html`, so that a page's URL (`/_eventual/ui/executions/<id>`) can be
 * opened or reloaded directly. The page holds no secret: it asks for the API key itself.
 *
 * @example
 * app.route(dashboardPath, dashboardRoutes(dashboardFiles));
 */
export function dashboardRoutes(files: () => DashboardFiles): Hono {
  const app = new Hono();
  app.get("/", (c) => {
    // One address per page: the router knows the executions page as `/_eventual/ui/`.
    if (!c.req.path.endsWith("/")) return c.redirect(`${dashboardPath}/`, 308);
    return answer(c, files().get("index.html")!);
  });
  app.get("/*", (c) => {
    const name = c.req.path.slice(dashboardPath.length + 1);
    const file = files().get(name);
    if (file) return answer(c, file);
    if (name.startsWith("assets/")) return c.text("Not found.", 404);
    return answer(c, files().get("index.html")!);
  });
  return app;
}

function answer(c: Context, file: DashboardFile): Response {
  const headers: Record<string, string> = {
    ...pageHeaders,
    "content-type": file.contentType,
    etag: file.etag,
    vary: "accept-encoding",
    "cache-control": file.immutable ? "public, max-age=31536000, immutable" : "no-cache",
  };
  if (c.req.header("if-none-match") === file.etag) return c.body(null, 304, headers);
  if (/\bgzip\b/.test(c.req.header("accept-encoding") ?? "")) {
    return c.body(file.gzipped as Uint8Array<ArrayBuffer>, 200, {
      ...headers,
      "content-encoding": "gzip",
    });
  }
  return c.body(file.body as Uint8Array<ArrayBuffer>, 200, headers);
}

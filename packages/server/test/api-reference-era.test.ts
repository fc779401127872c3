/**
 * Routes written as the original Eventual's API pages wrote them, served over real HTTP: `api.all`,
 * middleware chains (`api.use`, the `middleware` helper, answering early), several handlers on
 * one route, and a request that is a fetch `Request` a library can take.
 */
import type { MiddlewareInput, MiddlewareOutput } from "@eventual/core";
import { api, HttpResponse, middleware } from "@eventual/core";
import { Engine, MemoryStore } from "@eventual/engine";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Listener } from "../src/index.js";
import { listen, serviceApp } from "../src/index.js";

// ---- the HTTP page ----

api.post("/echo", async (request) => {
  return new HttpResponse(await request.text());
});

api.get("/hello/:name", async (request) => {
  if (request.headers.get("Content-Type")) return new HttpResponse(`hello ${request.params.name}`);
});

api.all("/hello", (request) => new Response(`${request.method} hello`));

api.post("/inspect/:id", async (request) => ({
  isRequest: request instanceof Request,
  method: request.method,
  path: request.path,
  params: request.params,
  query: request.query,
  trace: request.headers.get("x-trace"),
  body: await request.json(),
}));

/** A Hono app of its own, handed the request as it is: it takes any fetch `Request`. */
const library = new Hono().post("/proxy/:id", async (c) =>
  c.json({ id: c.req.param("id"), body: await c.req.json() }),
);
api.all("/proxy/:id", (request) => library.fetch(request));

// ---- the middleware page ----

const users: Record<string, { userId: string; name: string }> = {
  "token-ada": { userId: "u1", name: "ada" },
};

/** Injects CORS headers into whatever the rest of the chain answers. */
export async function cors<In>({
  next,
  context,
}: MiddlewareInput<In>): Promise<MiddlewareOutput<In>> {
  const response = await next(context);
  response.headers.set("Access-Control-Allow-Origin", "*");
  response.headers.set("Access-Control-Allow-Headers", "Authorization");
  return response;
}

/** Finds the user of the request's token, answering 401 early without one. */
export const authorized = middleware(({ request, next }) => {
  const user = users[request.headers.get("authorization") ?? ""];
  if (!user) {
    return new Response("Not Logged In", { status: 401 });
  }
  return next({ user });
});

/** Records the order in which the chain ran, as context. */
export const traced = middleware(({ next }) => next({ trace: ["traced"] }));

api
  .use(cors)
  .use(authorized)
  .get("/me", async (_request, { user }) => ({ userId: user.userId, name: user.name }));

api
  .use(traced)
  .use(authorized)
  .post("/orders", async (request, { user, trace }) => {
    return HttpResponse.json(
      { by: user.name, trace, order: await request.json() },
      { status: 201 },
    );
  });

// An immutable-header response from the rest of the chain still gets its CORS headers.
api.use(cors).get("/redirect", () => Response.redirect("http://localhost/elsewhere", 302));

// ---- several handlers on one route, run until one answers ----

const requireToken = (request: Request) => {
  if (!request.headers.has("x-token")) return new Response("token required", { status: 401 });
};
const logCalls: string[] = [];
api.get(
  "/items/:id",
  requireToken,
  (request) => {
    logCalls.push(request.params.id);
  },
  (request) => ({ id: request.params.id, query: request.query }),
);
api.delete("/items/:id", requireToken, () => undefined);

describe("routes written as the original's API pages wrote them, over HTTP", () => {
  let listener: Listener;
  const call = (path: string, init?: RequestInit) => fetch(new URL(path, listener.url), init);

  beforeAll(async () => {
    const engine = new Engine({ store: new MemoryStore(), echoLogs: false });
    listener = await listen(serviceApp({ engine }), { port: 0 });
  });
  afterAll(() => listener.close());

  it("echoes with an HttpResponse and answers by the Content-Type header", async () => {
    const echoed = await call("/echo", { method: "POST", body: "ping" });
    expect(await echoed.text()).toBe("ping");
    const greeted = await call("/hello/ada", { headers: { "content-type": "text/plain" } });
    expect(await greeted.text()).toBe("hello ada");
    expect((await call("/hello/ada")).status).toBe(204);
  });

  it("matches every method with api.all", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
      const response = await call("/hello", { method });
      expect(await response.text()).toBe(`${method} hello`);
    }
  });

  it("hands a handler a fetch Request with params, query, headers and json()", async () => {
    const response = await call("/inspect/a-1?x=1&y=2", {
      method: "POST",
      headers: { "x-trace": "t-1", "content-type": "application/json" },
      body: JSON.stringify({ n: 1 }),
    });
    expect(await response.json()).toEqual({
      isRequest: true,
      method: "POST",
      path: "/inspect/a-1",
      params: { id: "a-1" },
      query: { x: "1", y: "2" },
      trace: "t-1",
      body: { n: 1 },
    });
    const refused = await call("/inspect/1", { method: "POST", body: "{not json" });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: "bad_request" } });
  });

  it("hands the request to a library that takes a Request", async () => {
    const response = await call("/proxy/p-1", { method: "POST", body: JSON.stringify({ q: 2 }) });
    expect(await response.json()).toEqual({ id: "p-1", body: { q: 2 } });
  });

  it("runs middleware in order: CORS around an authorized route, with the user as context", async () => {
    const me = await call("/me", { headers: { authorization: "token-ada" } });
    expect(me.status).toBe(200);
    expect(me.headers.get("access-control-allow-origin")).toBe("*");
    expect(me.headers.get("access-control-allow-headers")).toBe("Authorization");
    expect(await me.json()).toEqual({ userId: "u1", name: "ada" });

    const stranger = await call("/me");
    expect(stranger.status).toBe(401);
    expect(await stranger.text()).toBe("Not Logged In");
    expect(stranger.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("merges the contexts of middleware built with middleware()", async () => {
    const response = await call("/orders", {
      method: "POST",
      headers: { authorization: "token-ada" },
      body: JSON.stringify({ sku: "pen" }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ by: "ada", trace: ["traced"], order: { sku: "pen" } });
  });

  it("lets middleware set headers on a response whose own are immutable", async () => {
    const response = await call("/redirect", { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://localhost/elsewhere");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("runs several handlers on one route until one returns a response", async () => {
    const refused = await call("/items/7");
    expect(refused.status).toBe(401);
    expect(logCalls).toEqual([]);

    const found = await call("/items/7?full=yes", { headers: { "x-token": "t" } });
    expect(await found.json()).toEqual({ id: "7", query: { full: "yes" } });
    expect(logCalls).toEqual(["7"]);

    const deleted = await call("/items/7", { method: "DELETE", headers: { "x-token": "t" } });
    expect(deleted.status).toBe(204);
  });

  it("types the context middleware passes on", () => {
    // Type tests: `tsc` fails if a line marked @ts-expect-error compiles.
    const typed = () => {
      api.use(authorized).get("/typed", (_request, { user }) => {
        // @ts-expect-error the user has no email
        void user.email;
        return user.name;
      });
      // @ts-expect-error the route has no :name param
      api.get("/typed/:id", (request) => request.params.name);
    };
    expect(typed).toBeTypeOf("function");
  });
});

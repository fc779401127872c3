import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TestEnvironment } from "../src/index.js";
import { dynamoClient, invoiceDB } from "./fixtures/seed-api-routes.js";

const invoice = { invoiceId: "inv-1", lines: [{ sku: "book", amount: 12.5 }] };

describe("the seed's API routes, run unchanged", () => {
  const env = new TestEnvironment();

  beforeEach(async () => {
    await env.initialize();
    invoiceDB.items.length = 0;
    dynamoClient.tables.clear();
  });

  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("stores the posted invoice in invoiceDB and answers 204 with no body", async () => {
    const response = await env.fetch("/invoice", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(invoice),
    });

    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");
    expect(invoiceDB.items).toEqual([invoice]);
  });

  it("stores the posted user in the table TABLE_NAME names", async () => {
    vi.stubEnv("TABLE_NAME", "users");
    const response = await env.fetch("/user", {
      method: "POST",
      body: JSON.stringify({ userId: "u-1", name: "Ada" }),
    });

    expect(response.status).toBe(204);
    expect(dynamoClient.tables.get("users")).toEqual([{ userId: "u-1", name: "Ada" }]);
  });

  it("answers 500 with the client's message when the route's store call throws", async () => {
    vi.stubEnv("TABLE_NAME", "");
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await env.fetch("/user", { method: "POST", body: "{}" });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { code: "internal", message: "ValidationException: TableName is required." },
    });
    expect(logged).toHaveBeenCalledOnce();
    expect(dynamoClient.tables.size).toBe(0);
  });
});

import { Engine, MemoryStore } from "@eventual/engine";
import { describe, expect, it } from "vitest";
import { serviceApp } from "../src/index.js";

const serviceWith = (apiKey: string) =>
  serviceApp({ engine: new Engine({ store: new MemoryStore() }), apiKey, dashboard: false });

const asked = (app: ReturnType<typeof serviceApp>, authorization?: string) =>
  app.request("/_eventual/service", authorization ? { headers: { authorization } } : {});

describe("the API key", () => {
  it("is required on the control API, with the service's message for a missing or wrong one", async () => {
    const app = serviceWith("right-key");
    expect((await asked(app, "Bearer right-key")).status).toBe(200);
    expect((await asked(app, "bearer right-key")).status).toBe(200);
    for (const [authorization, message] of [
      [undefined, "An API key is required: send Authorization: Bearer <key>."],
      ["Bearer wrong-key", "The API key is wrong."],
      ["Bearer right-key-and-more", "The API key is wrong."],
      ["Basic right-key", "The API key is wrong."],
      ["Bearer", "The API key is wrong."],
      ["Bearer ", "The API key is wrong."],
    ] as const) {
      const refused = await asked(app, authorization);
      expect(refused.status, authorization).toBe(401);
      expect(await refused.json(), authorization).toEqual({
        error: { code: "unauthorized", message },
      });
    }
  });

  it("is taken whole when it holds spaces, not cut at the first", async () => {
    const app = serviceWith("correct horse battery staple");
    expect((await asked(app, "Bearer correct horse battery staple")).status).toBe(200);
    expect((await asked(app, "Bearer correct")).status).toBe(401);
    expect((await asked(app, "Bearer correct horse")).status).toBe(401);
  });
});

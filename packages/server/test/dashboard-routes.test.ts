import { gunzipSync } from "node:zlib";
import { Engine, MemoryStore } from "@eventual/engine";
import { dashboardFiles } from "@eventual/ui";
import { describe, expect, it } from "vitest";
import { serviceApp } from "../src/index.js";

const apiKey = "dashboard-key";
const app = serviceApp({ engine: new Engine({ store: new MemoryStore() }), apiKey });
const index = dashboardFiles().get("index.html")!;
const script = [...dashboardFiles().keys()].find((name) => name.endsWith(".js"))!;

/** The dashboard's files, as every host serves them (here with an API key, as `serve` runs). */
describe("the dashboard's routes", () => {
  it("serve the page without the API key, which only the control API requires", async () => {
    const page = await app.request("/_eventual/ui/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("cache-control")).toBe("no-cache");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(new Uint8Array(await page.arrayBuffer())).toEqual(new Uint8Array(index.body));
    expect((await app.request("/_eventual/service")).status).toBe(401);
  });

  it("answer any page's address with the page, so a link to an execution opens directly", async () => {
    for (const path of ["/_eventual/ui/executions/transfer~t-1", "/_eventual/ui/service"]) {
      const page = await app.request(path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get("etag"), path).toBe(index.etag);
    }
    const bare = await app.request("/_eventual/ui");
    expect(bare.status).toBe(308);
    expect(bare.headers.get("location")).toBe("/_eventual/ui/");
  });

  it("serve assets gzipped to clients that take it, cached for good, and 304 when unchanged", async () => {
    const asset = await app.request(`/_eventual/ui/${script}`, {
      headers: { "accept-encoding": "gzip, br" },
    });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-encoding")).toBe("gzip");
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const file = dashboardFiles().get(script)!;
    expect(gunzipSync(new Uint8Array(await asset.arrayBuffer()))).toEqual(Buffer.from(file.body));

    const again = await app.request(`/_eventual/ui/${script}`, {
      headers: { "if-none-match": file.etag },
    });
    expect(again.status).toBe(304);
  });

  it("refuse an asset that is not there, rather than answering the page in its place", async () => {
    const missing = await app.request("/_eventual/ui/assets/index-gone.js");
    expect(missing.status).toBe(404);
  });

  it("are left out when a host turns the dashboard off", async () => {
    const bare = serviceApp({ engine: new Engine({ store: new MemoryStore() }), dashboard: false });
    expect((await bare.request("/_eventual/ui/")).status).toBe(404);
  });
});

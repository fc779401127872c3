import { fileURLToPath } from "node:url";
import type { TestDatabase } from "@eventual/store-postgres/test-support";
import { createTestDatabase } from "@eventual/store-postgres/test-support";
import type { Browser, Page, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "../../cli/test/support/dev-server.js";
import { apiKey, startServe } from "../../cli/test/support/serve-node.js";
import { launchChromium, saveScreenshot } from "./support/browser.js";
import { order, start } from "./support/service.js";

const fixture = fileURLToPath(new URL("./fixtures/orders/", import.meta.url));

/** The dashboard of two `eventual serve` nodes on one PostgreSQL, which require an API key. */
describe("the dashboard on eventual serve", () => {
  let database: TestDatabase;
  let nodes: EventualProcess[];
  let browser: Browser;
  let page: Page;
  const requests: Request[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const first = await startServe({ entry: "index.ts", cwd: fixture, db: database.url });
    const second = await startServe({ entry: "index.ts", cwd: fixture, db: database.url });
    nodes = [first, second];
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("request", (request) => requests.push(request));
    const auth = { authorization: `Bearer ${apiKey}` };
    await start(first.url, "placeOrder", order, "served-1", auth);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all((nodes ?? []).map((node) => node.stop()));
    await database?.drop();
  });

  it("asks for the API key, refuses a wrong one with the service's message, and never puts it in a URL", async () => {
    await page.goto(`${nodes[0]!.url}/_eventual/ui/`);
    const dialog = page.getByRole("dialog");
    await dialog.getByText("An API key is required").waitFor();
    await saveScreenshot(page, "serve-asks-for-the-api-key");

    await dialog.getByLabel("This service's API key").fill("not-the-key");
    await dialog.getByRole("button", { name: "Use key" }).click();
    await dialog.getByText("The API key is wrong.").waitFor();
    expect(await page.locator("table.executions tbody tr").count()).toBe(0);
    await saveScreenshot(page, "serve-refuses-a-wrong-api-key");

    await dialog.getByLabel("This service's API key").fill(apiKey);
    await dialog.getByRole("button", { name: "Use key" }).click();
    await dialog.waitFor({ state: "detached" });
    await page.locator("table.executions tbody tr", { hasText: "served-1" }).waitFor();

    const control = requests.filter((r) => new URL(r.url()).pathname.match(/^\/_eventual\/(?!ui)/));
    expect(control.length).toBeGreaterThan(0);
    for (const request of requests) expect(request.url()).not.toContain(apiKey);
    const lastCalls = control.slice(-2);
    for (const request of lastCalls) {
      expect(await request.headerValue("authorization")).toBe(`Bearer ${apiKey}`);
    }
  });

  it("lists both nodes that are up", async () => {
    await page.goto(`${nodes[0]!.url}/_eventual/ui/service`);
    const rows = page.locator("table.nodes tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.filter({ hasText: "serving this page" }).count()).toBe(1);
    await saveScreenshot(page, "serve-lists-both-nodes");
  });
});

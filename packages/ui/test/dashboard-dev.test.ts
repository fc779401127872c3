import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EventualProcess } from "../../cli/test/support/dev-server.js";
import { startDev } from "../../cli/test/support/dev-server.js";
import { call } from "../../cli/test/support/http.js";
import { launchChromium, saveScreenshot, tabTo } from "./support/browser.js";
import { order, start, waitForHistory } from "./support/service.js";

const fixture = fileURLToPath(new URL("./fixtures/orders/", import.meta.url));
const pagePath = (id: string) => `/_eventual/ui/executions/${encodeURIComponent(id)}`;

/** The dashboard of `eventual dev`, in Chromium, driven as a person would. */
describe("the dashboard on eventual dev", () => {
  let data: string;
  let dev: EventualProcess;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), "eventual-dashboard-"));
    [dev, browser] = await Promise.all([
      startDev({ entry: "index.ts", cwd: fixture, data }),
      launchChromium(),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    rmSync(data, { recursive: true, force: true });
  });

  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (error) => errors.push(error.message));
  });

  afterEach(async ({ task }) => {
    await saveScreenshot(page, `dev-${task.name.replaceAll(/\W+/g, "-")}`);
    await page.close();
    expect(errors, "errors thrown in the page").toEqual([]);
  });

  /** The messages of the service's latest log lines. */
  const logMessages = async (): Promise<string[]> =>
    (await call(dev.url, "GET", "/_eventual/logs")).body.logs.map(
      (line: { message: string }) => line.message,
    );

  /** Opens the page of a running `placeOrder` once it waits for a decision. */
  const openAwaitingDecision = async (name: string) => {
    const id = await awaitingDecision(name);
    await page.goto(`${dev.url}${pagePath(id)}`);
    await page.locator(".status", { hasText: "running" }).waitFor();
    return id;
  };

  /** Waits for a running `placeOrder` to reach its wait for a decision. */
  const awaitingDecision = async (name: string) => {
    const id = await start(dev.url, "placeOrder", { ...order, id: name }, name);
    await waitForHistory(dev.url, id, "TimerScheduled", 2);
    return id;
  };

  it("lists executions and filters them by workflow and status", async () => {
    await start(dev.url, "hello", "ann", "h-1");
    await start(dev.url, "hello", "bob", "h-2");
    await awaitingDecision("list-1");
    await page.goto(`${dev.url}/_eventual/ui/`);
    const rows = page.locator("table.executions tbody tr");
    await expect.poll(() => rows.count()).toBe(3);

    await page.getByLabel("Workflow").selectOption("hello");
    await expect
      .poll(() => rows.allInnerTexts())
      .toEqual([expect.stringContaining("h-2"), expect.stringContaining("h-1")]);
    expect(page.url()).toContain("workflow=hello");

    await page.getByLabel("Workflow").selectOption("");
    await page.getByLabel("Status").selectOption("IN_PROGRESS");
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringContaining("list-1")]);

    await page.getByLabel("Find").fill("h-1");
    await page.getByRole("button", { name: "Go" }).click();
    await page.waitForURL(`**${pagePath("hello~h-1")}`);
    await page.getByRole("heading", { name: "hello~h-1" }).waitFor();

    await page.goto(`${dev.url}/_eventual/ui/`);
    await page.getByLabel("Find").fill("nobody");
    await page.getByLabel("Find").press("Enter");
    await page.getByText("No execution has the id or name “nobody”.").waitFor();
  });

  it("draws the timeline of three activities, a retry, a timer and a signal", async () => {
    const id = await awaitingDecision("timeline-1");
    await call(dev.url, "POST", `${pagePath(id).replace("/ui", "")}/signals`, {
      signal: "decision",
      payload: { approved: true },
    });
    await waitForHistory(dev.url, id, "WorkflowSucceeded");
    await page.goto(`${dev.url}${pagePath(id)}`);
    const row = (kind: string) => page.locator(`.timeline-row[data-kind="${kind}"]`);
    await expect
      .poll(() => row("activity").allInnerTexts())
      .toEqual(["reserve", "charge ×2", "ship"]);
    // The charge's failed first attempt, its backoff, and the attempt that succeeded.
    const charge = row("activity").nth(1).locator(".bar");
    expect(await charge.evaluateAll((bars) => bars.map((bar) => bar.dataset.state))).toEqual([
      "failed",
      "backoff",
      "succeeded",
    ]);
    expect(await row("timer").locator(".bar").count()).toBe(2);
    expect(await row("signal").textContent()).toBe("signal decision received");
    expect(await row("event").textContent()).toBe("published OrderShipped");
    // The workflow's and the reserve activity's lines, and the one of the subscriber it published to.
    expect(await row("logs").locator(".timeline-log").count()).toBe(3);
    await page.getByText("ActivityRetrying").waitFor();
    // Where the failed attempt threw, in the fixture's own code, folded under its history line.
    const stack = page.locator(".history details.stack");
    expect(await stack.count()).toBe(1);
    await stack.locator("summary").click();
    expect(await stack.locator("pre").textContent()).toMatch(
      /card declined, try again\n\s+at .*fixtures\/orders\/index\.ts:\d+:\d+/,
    );
    await page.getByText('"status": "shipped"').waitFor();
  });

  it("shows where a failed execution's workflow threw, under its error", async () => {
    const id = await start(dev.url, "refuseOrder", order, "refused-1");
    await waitForHistory(dev.url, id, "WorkflowFailed");
    await page.goto(`${dev.url}${pagePath(id)}`);
    const error = page.locator(".value-error");
    await error.locator("strong", { hasText: "RangeError" }).waitFor();
    await error.locator("details.stack summary").click();
    expect(await error.locator("details.stack pre").textContent()).toMatch(
      /^RangeError: 12 is more than we sell\n\s+at .*fixtures\/orders\/index\.ts:\d+:\d+/,
    );
  });

  it("starts a workflow from the page and shows it finish without a reload", async () => {
    await page.goto(`${dev.url}/_eventual/ui/`);
    // Still set at the end only if the page never reloaded.
    await page.evaluate("window.loadedOnce = true");
    await page.getByRole("button", { name: "Start workflow" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Workflow").selectOption("placeOrder");
    await dialog.getByLabel("Input (JSON)").fill('{ "id": "p-1", ');
    await dialog.getByText(/^Not JSON:/).waitFor();
    expect(await dialog.getByRole("button", { name: "Start" }).isDisabled()).toBe(true);

    await dialog.getByLabel("Input (JSON)").fill(JSON.stringify({ ...order, id: "p-1" }));
    await dialog.getByLabel("Execution name (optional)").fill("not a name!");
    await dialog.getByRole("button", { name: "Start" }).click();
    await dialog.getByText('executionName "not a name!" is invalid').waitFor();

    await dialog.getByLabel("Execution name (optional)").fill("from-page");
    await dialog.getByRole("button", { name: "Start" }).click();
    await page.waitForURL(`**${pagePath("placeOrder~from-page")}`);
    await page.locator(".status", { hasText: "running" }).waitFor();

    await waitForHistory(dev.url, "placeOrder~from-page", "TimerScheduled", 2);
    await call(dev.url, "POST", "/_eventual/executions/placeOrder~from-page/signals", {
      signal: "decision",
      payload: { approved: true },
    });
    await page.locator(".status", { hasText: "succeeded" }).waitFor();
    await page.getByText('"status": "shipped"').waitFor();
    expect(await page.evaluate("window.loadedOnce")).toBe(true);
  });

  it("sends a signal that decides the outcome, with the keyboard alone", async () => {
    const id = await openAwaitingDecision("signal-1");
    await tabTo(page, "Send signal");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.getByLabel("Signal").inputValue()).toBe("decision");
    await tabTo(page, "Payload (JSON)");
    await page.keyboard.type('{ "approved": false }');
    await tabTo(page, "Send");
    await page.keyboard.press("Enter");
    await page.locator(".status", { hasText: "succeeded" }).waitFor();
    await page.getByText('"status": "rejected"').waitFor();
    expect((await call(dev.url, "GET", `/_eventual/executions/${id}`)).body.result).toEqual({
      status: "rejected",
    });
  });

  it("cancels an execution after asking, with the keyboard alone", async () => {
    const id = await openAwaitingDecision("cancel-1");
    await tabTo(page, "Cancel execution");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog");
    await dialog.getByText("This cannot be undone.").waitFor();
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect((await call(dev.url, "GET", `/_eventual/executions/${id}`)).body.status).toBe(
      "IN_PROGRESS",
    );

    await tabTo(page, "Cancel execution");
    await page.keyboard.press("Enter");
    await page.keyboard.type("changed my mind");
    await tabTo(page, "Cancel execution");
    await page.keyboard.press("Enter");
    await page.locator(".status", { hasText: "cancelled" }).waitFor();
    expect((await call(dev.url, "GET", `/_eventual/executions/${id}`)).body.status).toBe(
      "CANCELLED",
    );
  });

  it("shows the service's declarations and its node, and publishes an event", async () => {
    await page.goto(`${dev.url}/_eventual/ui/service`);
    await page.getByRole("heading", { name: "Service orders" }).waitFor();
    for (const name of ["placeOrder", "charge", "OrderShipped", "decision", "audit"]) {
      await page.locator(".card code", { hasText: new RegExp(`^${name}$`) }).waitFor();
    }
    await page.locator("table.nodes tbody tr", { hasText: "serving this page" }).waitFor();
    await page.getByRole("button", { name: "Publish" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Event (JSON)").fill('{ "orderId": "from-page" }');
    await dialog.getByRole("button", { name: "Publish" }).click();
    await dialog.waitFor({ state: "detached" });
    await expect.poll(logMessages).toContain("shipped from-page");
  });

  it("redrives a dead letter after asking", async () => {
    await call(dev.url, "POST", "/_eventual/events", {
      events: [{ name: "OrderShipped", event: { orderId: "poison" } }],
    });
    await expect
      .poll(async () => (await call(dev.url, "GET", "/_eventual/dead-letters")).body.deadLetters)
      .toHaveLength(1);
    await page.goto(`${dev.url}/_eventual/ui/service`);
    const letter = page.locator("table.dead-letters tbody tr", { hasText: "poisoned" });
    // Where the subscriber threw, in the fixture's own code, folded under its error.
    await letter.locator("details.stack summary").click();
    expect(await letter.locator("details.stack pre").textContent()).toMatch(
      /^Error: poisoned\n\s+at .*fixtures\/orders\/index\.ts:\d+:\d+/,
    );
    await letter.getByRole("button", { name: "Redrive" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Redrive" }).click();
    await page.getByText("None: every delivery got through.").waitFor();
    await expect.poll(logMessages).toContain("shipped poison");
  });

  it("fits a 390-pixel-wide screen", async () => {
    const id = await awaitingDecision("narrow-1");
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ["/_eventual/ui/", pagePath(id), "/_eventual/ui/service"]) {
      await page.goto(`${dev.url}${path}`);
      await page.locator("main h1").waitFor();
      // Wide tables scroll inside their own box; the page itself never scrolls sideways.
      expect(await page.evaluate("document.documentElement.scrollWidth"), path).toBeLessThanOrEqual(
        390,
      );
    }
    await page.goto(`${dev.url}${pagePath(id)}`);
    await page.getByRole("button", { name: "Send signal" }).waitFor();
    expect(await page.getByRole("button", { name: "Send signal" }).isVisible()).toBe(true);
  });
  it("pages through executions, 50 at a time, with the control API's tokens", async () => {
    const names = Array.from({ length: 55 }, (_, i) => `page-${i}`);
    await Promise.all(names.map((name) => start(dev.url, "hello", name, name)));
    await page.goto(`${dev.url}/_eventual/ui/?workflow=hello`);
    const rows = page.locator("table.executions tbody tr");
    await expect.poll(() => rows.count()).toBe(50);
    const older = page.getByRole("button", { name: "Older →" });
    const firstPage = await rows.allTextContents();
    await older.click();
    // The two of the first test and the five the first page had no room for.
    await expect.poll(() => rows.count()).toBe(7);
    expect(await older.isDisabled()).toBe(true);
    const secondPage = await rows.allTextContents();
    expect(secondPage.filter((row) => firstPage.includes(row))).toEqual([]);
    await page.getByRole("button", { name: "← Newer" }).click();
    await expect.poll(() => rows.allTextContents()).toEqual(firstPage);
  });
});

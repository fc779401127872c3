import { existsSync } from "node:fs";
import type { Page } from "playwright-core";
import { chromiumPath, launchChromium } from "../../packages/ui/test/support/browser.js";
import { forEachConcurrently } from "../lib/load.js";
import type { Scenario } from "../lib/scenario.js";
import { concurrency, runToCompletion, withHost } from "../lib/scenario.js";
import { median, round2 } from "../lib/stats.js";

/** Loads of each page, each in a fresh browser context: no cache, nothing kept from the last. */
const loads = 7;

/**
 * `dashboard`: 10,000 finished three-step executions stored, then the dashboard loaded in
 * Chromium, cold each time: from navigation to the executions table drawn (its first page of
 * 50), and to one execution's timeline drawn. Needs Debian's chromium.
 */
export const dashboard: Scenario = {
  key: "dashboard",
  what: "dashboard load with 10,000 executions stored, in Chromium",
  run: async (context) => {
    if (!existsSync(chromiumPath)) {
      const install = "install Debian's (apt-get install chromium) or name one with CHROMIUM_PATH";
      throw new Error(`No Chromium at ${chromiumPath}: ${install}.`);
    }
    const stored = context.quick ? 2_000 : 10_000;
    return withHost(context, { sockets: concurrency }, async ({ host, http }) => {
      let succeeded = 0;
      await forEachConcurrently(stored, concurrency, async () => {
        if (await runToCompletion(http, "seq3", 1)) succeeded++;
      });
      const some = await http.get<{ executions: { id: string }[] }>(
        "/_eventual/executions?limit=1",
      );
      const executionId = some.body!.executions[0]!.id;
      const browser = await launchChromium();
      try {
        const list: number[] = [];
        const execution: number[] = [];
        for (let i = 0; i < loads; i++) {
          const page = await (await browser.newContext()).newPage();
          list.push(
            await timeToDraw(page, `${host.url}/_eventual/ui/`, "table.executions tbody tr"),
          );
          execution.push(
            await timeToDraw(
              page,
              `${host.url}/_eventual/ui/executions/${encodeURIComponent(executionId)}`,
              '.timeline-row[data-kind="activity"]',
            ),
          );
          await page.context().close();
        }
        return {
          executions_stored: succeeded,
          list_load_ms_p50: round2(median(list)),
          list_load_ms_max: round2(Math.max(...list)),
          execution_load_ms_p50: round2(median(execution)),
          execution_load_ms_max: round2(Math.max(...execution)),
        };
      } finally {
        await browser.close();
      }
    });
  },
};

/** Milliseconds from the start of navigation until `selector` is in the page. */
async function timeToDraw(page: Page, url: string, selector: string): Promise<number> {
  await page.goto(url);
  await page.locator(selector).first().waitFor();
  return page.evaluate<number>("performance.now()");
}

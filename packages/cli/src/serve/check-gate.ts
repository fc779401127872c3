import type { Store } from "@eventual/engine";
import type { Logger } from "pino";
import { checkFailure, renderCheckReport } from "../check/check-report.js";
import { storeSource } from "../check/execution-source.js";
import { runCheck } from "../check/run-check.js";
import { CommandFailure } from "../command-failure.js";
import type { LoadedService } from "../host/load-service.js";
import { err } from "../output/colors.js";

/**
 * `eventual serve --check`: before the node takes any work, replays every running execution,
 * read straight from the store, against the code it would run. If one would diverge, prints the
 * report on standard error, closes the store (an open pool would keep the process alive) and
 * fails, so the node never starts its engine.
 */
export async function checkBeforeServing(
  store: Store,
  service: LoadedService,
  logger: Logger,
): Promise<void> {
  const report = await runCheck(storeSource(store), service).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  if (report.diverging.length === 0) {
    logger.info({ checked: report.checked, workflows: report.workflows }, "check passed");
    return;
  }
  process.stderr.write(`${renderCheckReport(report, err)}\n`);
  await store.close();
  throw new CommandFailure(checkFailure(report, service.entry));
}

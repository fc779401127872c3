import { call } from "../../../cli/test/support/http.js";
import { waitUntil } from "../../../cli/test/support/wait-until.js";

export const order = { id: "o-1", item: "book", amount: 12 };

/** Starts an execution over the control API and returns its id. */
export async function start(
  url: string,
  workflow: string,
  input: unknown,
  executionName?: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const started = await call(
    url,
    "POST",
    `/_eventual/workflows/${workflow}/executions`,
    { input, ...(executionName ? { executionName } : {}) },
    headers,
  );
  if (started.status !== 200) throw new Error(JSON.stringify(started.body));
  return started.body.executionId;
}

/** Waits until the execution's history holds an event of `type` (at least `count` of them). */
export async function waitForHistory(url: string, id: string, type: string, count = 1) {
  await waitUntil(async () => {
    const history = await call(
      url,
      "GET",
      `/_eventual/executions/${encodeURIComponent(id)}/history`,
    );
    const events = (history.body.events ?? []) as { type: string }[];
    return events.filter((event) => event.type === type).length >= count;
  });
}

import { activity, asyncResult, event, signal, workflow } from "@eventual/core";

/** The small service the client tests drive over HTTP. */
export const quote = workflow("client.quote", async (request: { item: string; qty: number }) => {
  const unit = await price(request.item);
  return { item: request.item, total: unit * request.qty };
});
const price = activity("client.price", (item: string) => (item === "pen" ? 2 : 5));

export const approve = signal<{ by: string }>("client.approve");
export const approval = workflow("client.approval", async (id: string) => {
  console.log(`approval ${id} waiting`);
  const { by } = await approve.expectSignal();
  return `${id} approved by ${by}`;
});

export const tokens: string[] = [];
const external = activity("client.external", () =>
  asyncResult<string>((token) => {
    tokens.push(token);
  }),
);
export const waitsOutside = workflow("client.waitsOutside", () => external());

export const noted = event<{ n: number }>("client.Noted");
export const notes: number[] = [];
noted.onEvent("client.recordNote", (e) => {
  notes.push(e.n);
});

/** A subscriber with one attempt that fails while `flakyState.failing`: its deliveries die. */
export const flaky = event<{ n: number }>("client.Flaky");
export const flakyState = { failing: true, delivered: [] as number[] };
flaky.onEvent("client.flakySubscriber", { retry: { maxAttempts: 1 } }, (e) => {
  if (flakyState.failing) throw new Error(`flaky ${e.n}`);
  flakyState.delivered.push(e.n);
});

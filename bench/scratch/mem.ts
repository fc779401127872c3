import { signal, workflow } from "@eventual/core";
import { Engine, iso, MemoryStore, WorkflowInstance } from "@eventual/engine";

const go = signal<string>("go");
const waiter = workflow("waiter", async (id: string) => {
  const v = await go.expectSignal();
  return `${id} ${v}`;
});
new Engine({ store: new MemoryStore(), echoLogs: false });
const decl = { name: waiter.workflowName, options: {}, handler: waiter.handler };
const keep: WorkflowInstance[] = [];
(globalThis as any).gc?.();
const before = process.memoryUsage();
for (let i = 0; i < 10000; i++) {
  const inst = new WorkflowInstance(decl, {
    id: `waiter~${i}`,
    name: `waiter~${i}`,
    workflowName: "waiter",
  });
  await inst.apply([{ type: "WorkflowStarted", input: `id-${i}`, timestamp: iso(Date.now()) }]);
  keep.push(inst);
}
(globalThis as any).gc?.();
const after = process.memoryUsage();
console.log(
  before.heapUsed / 1e6,
  after.heapUsed / 1e6,
  before.rss / 1e6,
  after.rss / 1e6,
  after.external / 1e6,
  after.arrayBuffers / 1e6,
);

import { rmSync, statSync } from "node:fs";
import { SqliteStore } from "@eventual/store-sqlite";

rmSync("/tmp/sqlmem", { recursive: true, force: true });
const store = SqliteStore.open("/tmp/sqlmem/e.db");
const rss = () => (process.memoryUsage().rss / 1e6).toFixed(0);
console.log("start rss", rss());
for (let batch = 0; batch < 100; batch++) {
  const groups = [];
  for (let i = 0; i < 1000; i++) {
    const id = `w~${batch}-${i}`;
    groups.push([
      {
        type: "startExecution",
        execution: {
          id,
          name: id,
          workflowName: "w",
          status: "IN_PROGRESS",
          input: { i },
          startTime: new Date().toISOString(),
          historyLength: 0,
        },
        history: [{ type: "WorkflowStarted", input: { i }, timestamp: new Date().toISOString() }],
        effects: [],
      } as any,
    ]);
  }
  await store.commit(groups);
  if (batch % 20 === 19)
    console.log(
      batch,
      "rss",
      rss(),
      "wal",
      (statSync("/tmp/sqlmem/e.db-wal", { throwIfNoEntry: false })?.size ?? 0) / 1e6,
      "db",
      statSync("/tmp/sqlmem/e.db").size / 1e6,
    );
}

import { fileURLToPath } from "node:url";
import { beforeAll, describe, it } from "vitest";
import { jsonOf, useCliService } from "./support/run-cli.js";

const reordered = fileURLToPath(new URL("./fixtures/durable-reordered/index.ts", import.meta.url));

describe.concurrent("eventual replay execution", () => {
  const service = useCliService();
  const { cli } = service;

  beforeAll(async () => {
    await Promise.all(
      [
        ["threeSteps", "r1", 5],
        ["hello", "r2", "x"],
      ].map(([workflow, executionName, input]) =>
        service.api("POST", `/_eventual/workflows/${workflow}/executions?wait=10`, {
          input,
          executionName,
        }),
      ),
    );
  });

  it("replays a history against the unchanged code (the default entry) and exits 0", async ({
    expect,
  }) => {
    const [human, json] = await Promise.all([
      cli("replay", "execution", "threeSteps~r1"),
      cli("replay", "execution", "threeSteps~r1", "--json"),
    ]);
    expect(human).toEqual({
      code: 0,
      stdout: "replayed 10 events: no divergence\n",
      stderr: "",
    });
    expect(jsonOf(json)).toEqual({
      executionId: "threeSteps~r1",
      workflowName: "threeSteps",
      events: 10,
    });
  });

  it("exits 1 naming both activities when the code calls them in another order", async ({
    expect,
  }) => {
    const [human, json] = await Promise.all([
      cli("replay", "execution", "threeSteps~r1", reordered),
      cli("replay", "execution", "threeSteps~r1", reordered, "--json"),
    ]);
    const divergence =
      'At seq 0 history recorded activity "reserve", but the workflow now issues activity "charge".';
    expect(human).toEqual({
      code: 1,
      stdout: "",
      stderr: `eventual: threeSteps~r1 diverges from the code: ${divergence}\n`,
    });
    expect(json.code).toBe(1);
    expect(jsonOf(json)).toEqual({
      executionId: "threeSteps~r1",
      workflowName: "threeSteps",
      events: 10,
      divergence: { name: "DeterminismError", message: divergence },
    });
  });

  it("exits 1 when the entry does not declare the execution's workflow", async ({ expect }) => {
    const result = await cli("replay", "execution", "hello~r2", reordered);
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: `eventual: Workflow "hello" is not declared by ${reordered} (it declares: threeSteps).\n`,
    });
  });

  it("exits 2 for an entry that does not exist, and 1 for an unknown execution", async ({
    expect,
  }) => {
    const [noEntry, noExecution] = await Promise.all([
      cli("replay", "execution", "threeSteps~r1", "missing.ts"),
      cli("replay", "execution", "threeSteps~none"),
    ]);
    expect(noEntry).toMatchObject({
      code: 2,
      stderr: "eventual: The entry missing.ts does not exist.\n",
    });
    expect(noExecution).toMatchObject({
      code: 1,
      stderr: 'eventual: Execution "threeSteps~none" does not exist.\n',
    });
  });
});

import { describe, it } from "vitest";
import { jsonOf, useCliService } from "./support/run-cli.js";
import { waitUntil } from "./support/wait-until.js";

interface DeadLetterJson {
  id: string;
  event: { id: string };
}

describe("a subscriber that fails, under eventual dev", () => {
  const service = useCliService();
  const { cli, api, dev } = service;
  const boom = (id: string, failures: number) =>
    api("POST", "/_eventual/events", { events: [{ name: "Boom", event: { id, failures } }] });
  const deadLetters = async (): Promise<DeadLetterJson[]> =>
    (await api("GET", "/_eventual/dead-letters")).body.deadLetters;
  const deadLetterOf = async (id: string) =>
    (await deadLetters()).find((dead) => dead.event.id === id);

  it("logs every failed attempt, and the dead letter it ends in, with the event and the error", async ({
    expect,
  }) => {
    expect((await boom("b1", 5)).status).toBe(202);
    await dev.waitForOutput(/now a dead letter \(eventual redrive \w+\)/);
    const lines = dev
      .output()
      .split("\n")
      .filter((line) => line.includes("failed on Boom"));
    const dead = await deadLetterOf("b1");
    expect(lines).toEqual([
      expect.stringMatching(
        /^subscriber explode failed on Boom \{"id":"b1","failures":5\} \(attempt 1 of 2\): Error: boom b1 on try 1; retrying in \d+ms$/,
      ),
      `subscriber explode failed on Boom {"id":"b1","failures":5} (attempt 2 of 2): Error: boom b1 on try 2; now a dead letter (eventual redrive ${dead?.id})`,
    ]);
  });

  it("logs a workflow that fails, with its name, its id and the error", async () => {
    await api("POST", "/_eventual/workflows/doomed/executions", {
      input: "late",
      executionName: "logged",
    });
    await dev.waitForOutput("workflow doomed failed (doomed~logged): Error: doomed: late");
  });

  it("lists dead letters as a table and as the API's page, and redrives one", async ({
    expect,
  }) => {
    await boom("b2", 2); // fails both attempts, then succeeds when redriven
    await waitUntil(async () => (await deadLetterOf("b2")) !== undefined);
    const [json, table] = await Promise.all([
      cli("list", "dead-letters", "--json"),
      cli("list", "dead-letters"),
    ]);
    const page = jsonOf(json);
    expect(page).toEqual((await api("GET", "/_eventual/dead-letters")).body);
    const b2 = page.deadLetters.find((dead: DeadLetterJson) => dead.event.id === "b2");
    expect(b2).toEqual({
      id: expect.any(String),
      subscription: "explode",
      eventName: "Boom",
      event: { id: "b2", failures: 2 },
      attempts: 2,
      error: { name: "Error", message: "boom b2 on try 2" },
      // Where the subscriber threw, in the service's own file.
      stack: expect.stringMatching(/^Error: boom b2 on try 2\n\s+at .*cli-service\/index\.ts:\d+/),
      publishedAt: expect.any(String),
    });
    const [header, ...rows] = table.stdout.trimEnd().split("\n");
    expect(header?.split(/\s+/)).toEqual([
      "ID",
      "SUBSCRIPTION",
      "EVENT",
      "PAYLOAD",
      "ATTEMPTS",
      "ERROR",
      "PUBLISHED",
    ]);
    expect(rows).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^${b2.id}\\s+explode\\s+Boom\\s+\\{"id":"b2","failures":2\\}\\s+2\\s+Error: boom b2 on try 2\\s+\\d{4}-`,
        ),
      ),
    );

    const redriven = await cli("redrive", b2.id);
    expect(redriven).toEqual({ code: 0, stdout: `Redriven ${b2.id}\n`, stderr: "" });
    await dev.waitForOutput("exploded b2 on try 3");
    expect(await deadLetterOf("b2")).toBeUndefined();
  });

  it("pages dead letters with --limit and --next-token", async ({ expect }) => {
    await Promise.all([boom("p1", 9), boom("p2", 9)]);
    await waitUntil(async () => (await deadLetters()).length >= 2);
    const first = jsonOf(await cli("list", "dead-letters", "--limit", "1", "--json"));
    expect(first.deadLetters).toHaveLength(1);
    const next = await cli("list", "dead-letters", "--limit", "1", "--next-token", first.nextToken);
    expect(next.stdout).toMatch(/^ID .*\n\w+ {2}explode .*\n/);
    expect(next.stdout).not.toContain(first.deadLetters[0].id);
  });

  it("refuses to redrive an unknown dead letter: 404, and exit 1 with the API's message", async ({
    expect,
  }) => {
    const refused = await api("POST", "/_eventual/dead-letters/nope/redrive");
    expect(refused).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: 'Dead letter "nope" does not exist.' } },
    });
    expect(await cli("redrive", "nope")).toEqual({
      code: 1,
      stdout: "",
      stderr: 'eventual: Dead letter "nope" does not exist.\n',
    });
  });
});

import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type BinaryElement, binaryArray } from "../src/sql/binary-array.js";

let client: pg.Client;
beforeAll(async () => {
  client = new pg.Client(inject("postgresUrl"));
  await client.connect();
});
afterAll(async () => {
  await client.end();
});

/** What PostgreSQL makes of the array sent in binary, read back as the same type's array. */
async function echo(type: BinaryElement, values: readonly unknown[]): Promise<unknown> {
  const { rows } = await client.query({
    text: `SELECT $1::${type}[] AS v`,
    values: [binaryArray(type, values)],
  });
  return rows[0].v;
}

describe("binaryArray", () => {
  it("writes the bytes PostgreSQL's own array_send does", async () => {
    const { rows } = await client.query(
      `SELECT array_send(ARRAY['a', NULL, 'é☃', '']::text[]) AS text,
         array_send(ARRAY[1, -2, NULL]::int[]) AS int,
         array_send(ARRAY[-5000000000, 9007199254740993]::bigint[]) AS bigint,
         array_send(ARRAY[true, false]) AS boolean,
         array_send('{}'::text[]) AS empty`,
    );
    const sent = rows[0] as Record<string, Buffer>;
    expect(binaryArray("text", ["a", null, "é☃", ""])).toEqual(sent.text);
    expect(binaryArray("int", [1, -2, undefined])).toEqual(sent.int);
    expect(binaryArray("bigint", [-5_000_000_000, "9007199254740993"])).toEqual(sent.bigint);
    expect(binaryArray("boolean", [true, false])).toEqual(sent.boolean);
    expect(binaryArray("text", [])).toEqual(sent.empty);
  });

  it("carries what the hot path sends unchanged: JSON with quotes, backslashes and braces", async () => {
    const events = [
      JSON.stringify({ type: "ActivityCompleted", result: 'a "quoted" \\ {brace}, comma' }),
      JSON.stringify({ text: "NULL" }),
      "NULL",
    ];
    expect(await echo("text", events)).toEqual(events);
    expect(await echo("bigint", [1_733_200_000_000, "42"])).toEqual(["1733200000000", "42"]);
    expect(await echo("int", [2 ** 31 - 1, -(2 ** 31)])).toEqual([2 ** 31 - 1, -(2 ** 31)]);
  });

  it("refuses a value of the wrong type rather than storing something else", () => {
    expect(() => binaryArray("text", [1])).toThrow("expected a string, got number");
    expect(() => binaryArray("int", [1.5])).toThrow("expected an integer, got 1.5");
    expect(() => binaryArray("int", ["1"])).toThrow("expected an integer, got 1");
    expect(() => binaryArray("bigint", [{}])).toThrow("expected an integer");
    expect(() => binaryArray("boolean", [1])).toThrow("expected a boolean, got number");
  });
});

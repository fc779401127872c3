import { describe, expect, it } from "vitest";
import { binaryArray } from "./binary-array.js";
import { bind, columns, param, prepare, raw, sql } from "./sql.js";

interface Args {
  id: string;
  rows: { key: string; n: number }[];
}

const id = param("text", (args: Args) => args.id);
const row = columns((args: Args) => args.rows);
const key = row("text", (r) => r.key);
const n = row("int", (r) => r.n);

describe("sql", () => {
  it("numbers parameters in the order they first appear, casting each to its type", () => {
    const statement = prepare("s", sql<Args>`SELECT ${n}, ${id} FROM unnest(${key})`);
    expect(statement.text).toBe("SELECT $1::int[], $2::text FROM unnest($3::text[])");
    expect(statement.name).toBe("eventual_s");
  });

  it("gives a parameter used twice one number", () => {
    const statement = prepare("s", sql<Args>`${id} = ${id} AND ${key} <> ${id}`);
    expect(statement.text).toBe("$1::text = $1::text AND $2::text[] <> $1::text");
    const values = bind(statement, { id: "x", rows: [{ key: "k", n: 1 }] }).values;
    expect(values).toEqual(["x", binaryArray("text", ["k"])]);
  });

  it("numbers the parameters of SQL put into SQL as if written in place", () => {
    const where = sql<Args>`key = ANY(${key})`;
    const statement = prepare("s", sql<Args>`SELECT ${n} WHERE ${where} AND id = ${id}${raw(";")}`);
    expect(statement.text).toBe("SELECT $1::int[] WHERE key = ANY($2::text[]) AND id = $3::text;");
  });

  it("reads each value from the arguments, a column per picked field, arrays in binary", () => {
    const statement = prepare("s", sql<Args>`${id} ${key} ${n}`);
    const rows = [
      { key: "a", n: 1 },
      { key: "b", n: 2 },
    ];
    expect(bind(statement, { id: "x", rows })).toEqual({
      name: "eventual_s",
      text: "$1::text $2::text[] $3::int[]",
      values: ["x", binaryArray("text", ["a", "b"]), binaryArray("int", [1, 2])],
    });
  });

  it("sends an array of a type binaryArray does not write as it is, and a missing one as NULL", () => {
    const names = param("name[]", (args: { names: string[] }) => args.names);
    const ids = param("text[]", (args: { ids?: string[] }) => args.ids);
    expect(names.value({ names: ["a"] })).toEqual(["a"]);
    expect(ids.value({})).toBeNull();
  });
});

import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ownStack } from "./own-stack.js";

const engine = fileURLToPath(new URL("./", import.meta.url));
const engineFrame = (name: string) =>
  `    at ${name} (${engine}executor/workflow-instance.js:10:5)`;
const serviceFrame = (name: string) => `    at ${name} (/srv/bank/src/index.ts:12:11)`;

/** An error whose stack is `lines`, as V8 would have written it. */
function withStack(...lines: string[]): Error {
  const error = new Error("card declined");
  error.stack = lines.join("\n");
  return error;
}

describe("ownStack", () => {
  it("keeps the service's frames and drops the engine's below them", () => {
    const error = withStack(
      "Error: card declined",
      serviceFrame("charge"),
      serviceFrame("checkout"),
      engineFrame("run"),
      serviceFrame("called back by the engine"),
    );
    expect(ownStack(error)).toBe(
      ["Error: card declined", serviceFrame("charge"), serviceFrame("checkout")].join("\n"),
    );
  });

  it("drops the engine's frames above the service's: where it raised the error for it", () => {
    const error = withStack(
      "NonDeterministicCallError: setTimeout is not allowed",
      engineFrame("refusal"),
      engineFrame("guard"),
      serviceFrame("wait"),
      engineFrame("run"),
    );
    expect(ownStack(error)).toBe(
      ["NonDeterministicCallError: setTimeout is not allowed", serviceFrame("wait")].join("\n"),
    );
  });

  it("keeps a message of several lines whole", () => {
    const error = withStack("Error: line one", "line two", serviceFrame("charge"));
    expect(ownStack(error)).toBe(
      ["Error: line one", "line two", serviceFrame("charge")].join("\n"),
    );
  });

  it("keeps at most 30 frames", () => {
    const frames = Array.from({ length: 40 }, (_, i) => serviceFrame(`f${i}`));
    const stack = ownStack(withStack("Error: deep", ...frames))!.split("\n");
    expect(stack).toEqual(["Error: deep", ...frames.slice(0, 30)]);
  });

  it("is undefined without a frame of the service's, or without a stack", () => {
    expect(ownStack(withStack("TypeError: unstorable", engineFrame("end")))).toBeUndefined();
    expect(ownStack(withStack("Error: no frames"))).toBeUndefined();
    expect(ownStack({ name: "Error", message: "not an Error", stack: "at x" })).toBeUndefined();
    expect(ownStack("a string")).toBeUndefined();
  });
});

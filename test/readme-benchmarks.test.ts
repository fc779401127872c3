import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/markdown.js";

const read = (file: string) => readFileSync(join(repoRoot, file), "utf8");

/** The text of a `## title` section, up to the next `## ` heading. */
function section(markdown: string, title: string): string {
  const start = markdown.indexOf(`\n## ${title}\n`);
  if (start === -1) throw new Error(`no "## ${title}" section`);
  const end = markdown.indexOf("\n## ", start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

/**
 * docs/performance.md is where the benchmark figures live; the README quotes some of them, and
 * a figure changed in one place only would make the two disagree.
 */
describe("the README's benchmark figures", () => {
  it("are figures of docs/performance.md", () => {
    const quoted = section(read("README.md"), "Benchmarks").match(/\d+(?:[.,]\d+)*/g) ?? [];
    const performance = read("docs/performance.md");
    const missing = quoted.filter(
      (figure) =>
        !new RegExp(`(?<![\\d.,])${figure.replace(/\./g, "\\.")}(?![\\d]|[.,]\\d)`).test(
          performance,
        ),
    );
    expect(quoted.length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });
});

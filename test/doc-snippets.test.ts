import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { type CodeBlock, codeBlocks, documentFiles, repoRoot } from "./support/markdown.js";

/**
 * Every ```ts block of the README, docs/ and the examples' READMEs is type-checked as a module of
 * its own, unless it is marked as a fragment (```ts fragment, or `<!-- fragment -->` before it).
 * A block tagged `test` is a vitest file and also runs; `project=<folder>` puts it in a `test/`
 * folder beside that project's `src/`, so that `../src/index.js` is that project's service.
 */
const blocks = documentFiles()
  .flatMap(codeBlocks)
  .filter((block) => ["ts", "typescript"].includes(block.lang) && !block.fragment);

const work = join(repoRoot, ".scratch");
mkdirSync(work, { recursive: true });
const root = mkdtempSync(join(work, "doc-snippets-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Snippet {
  block: CodeBlock;
  /** The folder it runs in. */
  dir: string;
  path: string;
}

const snippets: Snippet[] = blocks.map(writeSnippet);

describe("the TypeScript blocks of the documents", () => {
  it("are found", () => {
    expect(snippets.length).toBeGreaterThan(0);
  });

  it("type-check, each as a module of its own", () => {
    expect(typeErrors(snippets.map((snippet) => snippet.path))).toEqual([]);
  });

  for (const { block, dir } of snippets.filter(({ block }) => block.tags.includes("test"))) {
    it(`run: ${block.file}:${block.line}`, async () => {
      const { code, output } = await runVitest(dir);
      expect(code, output).toBe(0);
    });
  }
});

/** Writes the block where its imports resolve: in the repository, or beside its project's src/. */
function writeSnippet(block: CodeBlock, index: number): Snippet {
  const dir = join(root, String(index));
  const project = block.tags.find((tag) => tag.startsWith("project="))?.slice("project=".length);
  const folder = project ? join(dir, "test") : dir;
  mkdirSync(folder, { recursive: true });
  if (project) symlinkSync(join(repoRoot, project, "src"), join(dir, "src"));
  const name = `${basename(block.file, ".md")}-${block.line}${block.tags.includes("test") ? ".test.ts" : ".ts"}`;
  const path = join(folder, name);
  writeFileSync(path, `${block.code}\n`);
  return { block, dir, path };
}

/** The compiler's errors in the snippets, with the document line each comes from. */
function typeErrors(paths: string[]): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(repoRoot, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  )!;
  // Against the packages' declarations (dist/, built before the tests), as a user's project sees
  // them; checking their sources instead would make this several times slower.
  const { customConditions, ...options } = config.options;
  const program = ts.createProgram(paths, { ...options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((diagnostic) => diagnostic.file && paths.includes(diagnostic.file.fileName))
    .map((diagnostic) => {
      const { block } = snippets.find((s) => s.path === diagnostic.file!.fileName)!;
      const { line } = diagnostic.file!.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
      return `${block.file}:${block.line + 1 + line}: ${message}`;
    });
}

/** Runs the tests in `dir` with vitest, reading @eventual packages from source as the suite does. */
function runVitest(dir: string): Promise<{ code: number | null; output: string }> {
  const config = join(dir, "vitest.config.ts");
  writeFileSync(
    config,
    `import { defineConfig } from "vitest/config";
export default defineConfig({
  ssr: { resolve: { conditions: ["@eventual/source", "module", "node", "development|production"] } },
  test: { include: ["**/*.test.ts"] },
});
`,
  );
  const vitest = join(repoRoot, "node_modules/vitest/vitest.mjs");
  const child = spawn(process.execPath, [vitest, "run", "--config", config, "--root", dir], {
    cwd: dir,
    // The outer run's variables would make the inner vitest think it is one of its workers.
    env: { ...withoutVitest(process.env), NO_COLOR: "1" },
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, output })));
}

function withoutVitest(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^(VITEST|TEST$)/.test(name)));
}

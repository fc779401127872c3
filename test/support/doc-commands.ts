import { execFileSync } from "node:child_process";
import { type CodeBlock, codeBlocks } from "./markdown.js";

/** One line of a documented session: a command to run, or a shell variable it sets. */
export type DocStep =
  | { kind: "set"; source: string; name: string; value: string }
  | { kind: "run"; source: string; command: string; expectExit: number };

/** `NAME=value` or `export NAME=value` alone on a line (a `NAME=value command` is a command). */
const assignment =
  /^(?:export\s+)?([A-Za-z_]\w*)=(\$\([^)]*\)|'[^']*'|"[^"]*"|[^\s'"]*)\s*(?:#.*)?$/;

/** The steps of a markdown file's ```bash and ```console blocks, in order. */
export function documentSteps(file: string): DocStep[] {
  return codeBlocks(file).flatMap((block) => {
    if (block.lang === "bash") return bashSteps(block);
    if (block.lang === "console") return consoleSteps(block);
    return [];
  });
}

/** Each line of a bash block is a step; comments and blank lines are not. */
function bashSteps(block: CodeBlock): DocStep[] {
  return logicalLines(block.code).flatMap(({ text, offset }) =>
    step(`${block.file}:${block.line + 1 + offset}`, withoutComment(text), 0),
  );
}

/** The line without a trailing `# comment` (a `#` outside quotes, after a space). */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let at = 0; at < line.length; at++) {
    const char = line[at]!;
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === "#" && /\s/.test(line[at - 1] ?? " ")) return line.slice(0, at).trim();
  }
  return line;
}

/**
 * A console block is `$ command` lines, each followed by what it printed. A printed `(exit N)`
 * says the command fails on purpose; so does an error body printed by curl, which the test's
 * `curl --fail-with-body` turns into exit code 22.
 */
function consoleSteps(block: CodeBlock): DocStep[] {
  const lines = block.code.split("\n");
  const steps: DocStep[] = [];
  lines.forEach((text, index) => {
    if (!text.startsWith("$ ")) return;
    const command = text.slice(2).trim();
    const output: string[] = [];
    for (let at = index + 1; at < lines.length && !lines[at]!.startsWith("$ "); at++) {
      output.push(lines[at]!);
    }
    const exit = /^\(exit (\d+)\)$/m.exec(output.join("\n"));
    const curlError = /^curl\s/.test(command) && output[0]?.startsWith('{"error"');
    const expectExit = exit ? Number(exit[1]) : curlError ? 22 : 0;
    steps.push(...step(`${block.file}:${block.line + 1 + index}`, command, expectExit));
  });
  return steps;
}

function step(source: string, text: string, expectExit: number): DocStep[] {
  const set = assignment.exec(text);
  if (set) return [{ kind: "set", source, name: set[1]!, value: set[2]! }];
  return [{ kind: "run", source, command: text, expectExit }];
}

/** Non-blank, non-comment lines, with `\` continuations joined; `offset` is the first line's. */
function logicalLines(code: string): { text: string; offset: number }[] {
  const result: { text: string; offset: number }[] = [];
  let pending: { text: string; offset: number } | undefined;
  code.split("\n").forEach((raw, offset) => {
    const text = raw.trim();
    if (pending) pending.text += ` ${text.replace(/\\$/, "").trim()}`;
    else if (text === "" || text.startsWith("#")) return;
    else pending = { text: text.replace(/\\$/, "").trim(), offset };
    if (!text.endsWith("\\")) {
      result.push(pending);
      pending = undefined;
    }
  });
  return result;
}

/**
 * Every example in the help of `eventual` and of each of its commands: the indented lines under
 * `Example:` or `Examples:`, found by walking the `Commands:` lists.
 */
export function helpSteps(eventualBin: string, cwd: string): DocStep[] {
  const steps: DocStep[] = [];
  const seen = new Set<string>();
  const visit = (path: string[]) => {
    const help = execFileSync(process.execPath, [eventualBin, ...path, "--help"], {
      cwd,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    for (const command of helpExamples(help)) {
      if (seen.has(command)) continue;
      seen.add(command);
      steps.push({
        kind: "run",
        source: `eventual ${[...path, "--help"].join(" ")}`,
        command,
        expectExit: 0,
      });
    }
    for (const sub of subcommands(help)) visit([...path, sub]);
  };
  visit([]);
  return steps;
}

/** The indented lines under `Example:`, a line ending in `\` joined to the next. */
function helpExamples(help: string): string[] {
  const section = /\nExamples?:\n((?: {2,}\S.*\n?)+)/.exec(help);
  if (!section) return [];
  return logicalLines(section[1]!).map(({ text }) => text);
}

function subcommands(help: string): string[] {
  const section = /\nCommands:\n([\s\S]*?)(?:\n\n|$)/.exec(help);
  if (!section) return [];
  return section[1]!
    .split("\n")
    .map((line) => /^ {2}([a-z][\w-]*)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined && name !== "help");
}

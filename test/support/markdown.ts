import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const repoRoot = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/** A fenced code block of a markdown file. */
export interface CodeBlock {
  /** The file, relative to the repository root. */
  file: string;
  /** The line of its opening fence, 1-based. */
  line: number;
  /** The fence's first word (`ts`, `bash`, `console`), or "" for a plain fence. */
  lang: string;
  /** The fence's other words, such as `fragment`. */
  tags: string[];
  code: string;
  /** Marked as a fragment: ```ts fragment, or `<!-- fragment -->` on the line before the fence. */
  fragment: boolean;
}

/** The user-facing documents: the README, docs/ and each example's README. */
export function documentFiles(): string[] {
  const inDir = (dir: string) =>
    readdirSync(join(repoRoot, dir))
      .filter((name) => name.endsWith(".md"))
      .sort()
      .map((name) => `${dir}/${name}`);
  const examples = readdirSync(join(repoRoot, "examples"))
    .sort()
    .map((name) => `examples/${name}/README.md`);
  return ["README.md", ...inDir("docs"), ...examples];
}

/** Every fenced code block of `file`, in order. */
export function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(join(repoRoot, file), "utf8").split("\n");
  const blocks: CodeBlock[] = [];
  let open: { line: number; lang: string; tags: string[]; fragment: boolean } | undefined;
  let body: string[] = [];
  lines.forEach((text, index) => {
    const fence = /^```(.*)$/.exec(text.trim());
    if (!fence) {
      if (open) body.push(text);
      return;
    }
    if (open) {
      blocks.push({ file, ...open, code: body.join("\n") });
      open = undefined;
      return;
    }
    const [lang = "", ...tags] = (fence[1] ?? "").trim().split(/\s+/).filter(Boolean);
    const before = previousNonBlank(lines, index);
    const fragment = tags.includes("fragment") || /^<!--\s*fragment\b.*-->$/.test(before);
    open = { line: index + 1, lang, tags, fragment };
    body = [];
  });
  if (open) throw new Error(`${file}:${open.line}: a code block that never closes`);
  return blocks;
}

function previousNonBlank(lines: string[], index: number): string {
  for (let at = index - 1; at >= 0; at--) {
    const text = lines[at]!.trim();
    if (text !== "") return text;
  }
  return "";
}

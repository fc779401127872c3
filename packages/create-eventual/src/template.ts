import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The template's files, shipped beside dist/ in the package. */
const templateDirectory = fileURLToPath(new URL("../template/", import.meta.url));

// npm pack leaves out every file named .gitignore, so the template holds it under another name.
const renamed: Record<string, string> = { gitignore: ".gitignore" };

/** The placeholder the template's text uses for the project's name. */
const namePlaceholder = /\{\{name\}\}/g;

/**
 * Copies the template into `target`, naming the project `name`, and returns the paths written,
 * relative to `target`, with "/" separators. Never overwrites a file.
 */
export function copyTemplate(target: string, name: string): string[] {
  const written: string[] = [];
  for (const source of templateFiles()) {
    const destination = join(dirname(source), renamed[basename(source)] ?? basename(source));
    const text = readFileSync(join(templateDirectory, source), "utf8");
    writeNewFile(join(target, destination), text.replace(namePlaceholder, name));
    written.push(destination.split("\\").join("/"));
  }
  return written;
}

/** Writes a file that must not exist yet, creating its directory. */
export function writeNewFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text, { flag: "wx" });
}

/** The template's files, relative to its directory, in a stable order. */
function templateFiles(): string[] {
  return readdirSync(templateDirectory, { recursive: true, encoding: "utf8" })
    .filter((path) => statSync(join(templateDirectory, path)).isFile())
    .sort();
}

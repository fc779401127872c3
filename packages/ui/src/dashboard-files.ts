import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** One file of the built page, ready to answer with. */
export interface DashboardFile {
  body: Uint8Array;
  /** The same bytes gzipped, for clients that accept it. */
  gzipped: Uint8Array;
  contentType: string;
  etag: string;
  /** Named by its content's hash: a browser may keep it for good. */
  immutable: boolean;
}

/** The dashboard's files by path below `/_eventual/ui/` (`index.html`, `assets/index-…js`). */
export type DashboardFiles = ReadonlyMap<string, DashboardFile>;

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

const pageDirectory = fileURLToPath(new URL("../dist/page/", import.meta.url));
let loaded: DashboardFiles | undefined;

/**
 * The built dashboard (`npm run build` writes it to `dist/page`), read and compressed once per
 * process, so a host answers from memory. Throws when the page was never built.
 *
 * @example
 * const files = dashboardFiles();
 * const index = files.get("index.html");
 */
export function dashboardFiles(): DashboardFiles {
  loaded ??= readPage(pageDirectory);
  return loaded;
}

function readPage(directory: string): DashboardFiles {
  if (!existsSync(join(directory, "index.html"))) {
    throw new Error(`The dashboard is not built: ${directory} has no index.html (npm run build).`);
  }
  const files = new Map<string, DashboardFile>();
  for (const path of walk(directory)) {
    const body = readFileSync(path);
    const name = relative(directory, path).split(sep).join("/");
    files.set(name, {
      body,
      gzipped: gzipSync(body, { level: 9 }),
      contentType: contentTypes[extname(path)] ?? "application/octet-stream",
      etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
      immutable: name.startsWith("assets/"),
    });
  }
  return files;
}

function* walk(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

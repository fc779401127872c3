/**
 * `npm run pack [-- --out <dir>]`: builds every package and writes its tarball, exactly what
 * `npm publish` would upload, into one folder (default `tarballs/`), then prints their sizes.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";

interface PackResult {
  name: string;
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
}

const root = resolve(import.meta.dirname, "..");
const { values } = parseArgs({ options: { out: { type: "string", default: "tarballs" } } });
const out = resolve(process.cwd(), values.out);
mkdirSync(out, { recursive: true });

// From scratch: an incremental build leaves behind the output of a source that moved or was deleted.
for (const dir of publicPackages()) {
  rmSync(join(root, "packages", dir, "dist"), { recursive: true, force: true });
  rmSync(join(root, "packages", dir, "tsconfig.build.tsbuildinfo"), { force: true });
}
execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
const packed = JSON.parse(
  execFileSync(
    "npm",
    [
      "pack",
      "--json",
      "--pack-destination",
      out,
      ...publicPackages().flatMap((dir) => ["-w", `packages/${dir}`]),
    ],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  ),
) as PackResult[];
printSizes(packed);

/** The workspace's packages that are published: every one under packages/ not marked private. */
function publicPackages(): string[] {
  return readdirSync(join(root, "packages")).filter((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, "packages", dir, "package.json"), "utf8"));
    return manifest.private !== true;
  });
}

function printSizes(results: PackResult[]): void {
  const rows = results.map((r) => [
    r.filename,
    kb(r.size),
    kb(r.unpackedSize),
    String(r.entryCount),
  ]);
  const header = ["tarball", "packed", "unpacked", "files"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join("  ");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  const total = results.reduce((sum, r) => sum + r.size, 0);
  console.log(`${results.length} packages, ${kb(total)} packed, in ${out}`);
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

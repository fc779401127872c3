import { basename, join, resolve } from "node:path";
import { CreateError } from "./create-error.js";
import { installDependencies } from "./install.js";
import { nextSteps } from "./next-steps.js";
import { ownVersion } from "./own-version.js";
import type { PackageManager } from "./package-manager.js";
import { invalidPackageNameReason } from "./package-name.js";
import { dependencyNames, projectManifest } from "./project-manifest.js";
import { assertUsableTarget } from "./target-directory.js";
import { copyTemplate, writeNewFile } from "./template.js";

export interface CreateProjectOptions {
  /** Where to create the project, as the user typed it; its last segment names the package. */
  directory: string;
  /** Installs the dependencies, and appears in the next steps. */
  packageManager: PackageManager;
  /** Runs `<packageManager> install` in the new project. */
  install: boolean;
  /** Receives each line to show the user (default: standard output). */
  log?: (line: string) => void;
  /** What a relative `directory` is relative to (default: the process's working directory). */
  cwd?: string;
}

export interface CreatedProject {
  /** The project's absolute path. */
  root: string;
  /** The package name, the directory's name. */
  name: string;
  /** The files written, relative to `root`, with "/" separators. */
  files: string[];
}

/**
 * Creates an Eventual service project: checks the directory and its name, writes package.json
 * and the template's files, installs the dependencies and shows the next steps.
 *
 * Refusals throw `CreateError` before anything is written. A failed install also throws one, and
 * leaves the files in place, since running the install again is all it takes.
 */
export async function createProject(options: CreateProjectOptions): Promise<CreatedProject> {
  const { directory, packageManager, install } = options;
  const log = options.log ?? ((line: string) => console.log(line));
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, directory);
  const name = basename(root);
  const manifest = projectManifest(name, ownVersion());
  assertUsableName(name, dependencyNames(manifest));
  assertUsableTarget(root, directory);

  writeNewFile(join(root, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const files = ["package.json", ...copyTemplate(root, name)];
  log(`Created ${name} in ${root}.`);
  if (install) await installInto(root, packageManager, log);
  log("");
  log("Next steps:");
  for (const step of nextSteps({ root, cwd, packageManager, installed: install })) log(`  ${step}`);
  return { root, name, files };
}

/** Installs the new project's dependencies, or throws a `CreateError` saying why it could not. */
async function installInto(
  root: string,
  packageManager: PackageManager,
  log: (line: string) => void,
): Promise<void> {
  log(`Installing dependencies with ${packageManager}…`);
  const failure = await installDependencies(packageManager, root);
  if (failure !== undefined) {
    throw new CreateError(1, `${packageManager} install failed in ${root}: ${failure}.`);
  }
}

/** Refuses a directory name that npm would refuse as the project's package name. */
function assertUsableName(name: string, dependencies: string[]): void {
  const reason =
    invalidPackageNameReason(name) ??
    // npm refuses to install a dependency into a package of the same name.
    (dependencies.includes(name) ? "the project depends on a package of that name" : undefined);
  if (reason !== undefined) {
    throw new CreateError(
      2,
      `"${name}" cannot be the project's package name, which is its directory's name: ${reason}.`,
    );
  }
}

import { isAbsolute, relative } from "node:path";
import type { PackageManager } from "./package-manager.js";
import { runScript } from "./package-manager.js";

/** A first call to the template's route, on the port `eventual dev` listens on by default. */
const tryRoute = "curl -X POST http://localhost:3111/greet/world";

/**
 * The commands to run next, one a line: into the project, install if we did not, then develop,
 * test and call the route.
 */
export function nextSteps(options: {
  root: string;
  cwd: string;
  packageManager: PackageManager;
  installed: boolean;
}): string[] {
  const { root, cwd, packageManager, installed } = options;
  return [
    ...changeDirectory(root, cwd),
    ...(installed ? [] : [`${packageManager} install`]),
    `${runScript(packageManager, "dev")}    # serves http://localhost:3111, restarts on change`,
    runScript(packageManager, "test"),
    `${tryRoute}    # in another terminal`,
  ];
}

/** `cd` into the project, by the shorter path; nothing when it is the current directory. */
function changeDirectory(root: string, cwd: string): string[] {
  const path = relative(cwd, root);
  if (path === "") return [];
  const outside = path.startsWith("..") || isAbsolute(path);
  return [`cd ${shellQuote(outside ? root : path)}`];
}

/** Quotes a path for a shell when it holds anything but the usual path characters. */
function shellQuote(path: string): string {
  return /^[\w./\\:-]+$/.test(path) ? path : `"${path}"`;
}

import { spawn } from "node:child_process";
import type { PackageManager } from "./package-manager.js";

/** How an install ended: `undefined` when it succeeded, else why it did not, in a few words. */
export type InstallFailure = string | undefined;

/**
 * Runs `<packageManager> install` in `cwd`, its output going straight to the terminal, so the
 * user sees progress and the package manager's own errors.
 */
export function installDependencies(
  packageManager: PackageManager,
  cwd: string,
): Promise<InstallFailure> {
  return new Promise((resolve) => {
    const child = spawn(packageManager, ["install"], {
      cwd,
      stdio: "inherit",
      // On Windows package managers are .cmd scripts, which only a shell can start.
      shell: process.platform === "win32",
    });
    child.on("error", (error) => resolve(`it could not start (${error.message})`));
    child.on("close", (code, signal) => {
      if (code === 0) resolve(undefined);
      else resolve(signal ? `it was stopped by ${signal}` : `it exited with code ${code}`);
    });
  });
}

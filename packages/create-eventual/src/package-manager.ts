/** The package managers a project can be installed with. */
export const packageManagers = ["npm", "pnpm", "yarn", "bun"] as const;

export type PackageManager = (typeof packageManagers)[number];

export function isPackageManager(value: string): value is PackageManager {
  return (packageManagers as readonly string[]).includes(value);
}

/**
 * The package manager that ran us, from its user agent (`pnpm/9.1.0 npm/? node/v20.11.0 …`), so
 * that `pnpm create eventual` installs with pnpm; npm when there is none or we do not know it.
 */
export function detectPackageManager(userAgent: string | undefined): PackageManager {
  const name = userAgent?.split("/", 1)[0]?.trim() ?? "";
  return isPackageManager(name) ? name : "npm";
}

/** The command that runs a package.json script. */
export function runScript(packageManager: PackageManager, script: string): string {
  // `npm test`, `pnpm test` and `yarn test` run the script, but `bun test` is bun's own runner.
  if (script === "test" && packageManager !== "bun") return `${packageManager} test`;
  return `${packageManager} run ${script}`;
}

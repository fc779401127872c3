import { parseArgs } from "node:util";
import { CreateError } from "./create-error.js";
import type { PackageManager } from "./package-manager.js";
import { detectPackageManager, isPackageManager, packageManagers } from "./package-manager.js";

/** What the command line asks for. */
export type Command =
  | { kind: "help" }
  | {
      kind: "create";
      /** `undefined` when none was given, so that the user can be asked for one. */
      directory: string | undefined;
      packageManager: PackageManager;
      install: boolean;
    };

const options = {
  pm: { type: "string" },
  "skip-install": { type: "boolean" },
  "no-install": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const seeHelp = "(see create-eventual --help)";

/**
 * Reads `create-eventual [directory] [--pm npm|pnpm|yarn|bun] [--skip-install] [--help]`. Throws
 * a `CreateError` with exit code 2, naming the offending argument, for anything else.
 *
 * @param userAgent `npm_config_user_agent`, which picks the package manager when `--pm` does not.
 */
export function parseCommand(argv: string[], userAgent: string | undefined): Command {
  // Not strict, so that we read each token ourselves and say in one line what is wrong with it;
  // parseArgs's own errors run to several sentences.
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind === "option") checkOption(token.name, token.rawName, token.value);
  }
  if (values.help === true) return { kind: "help" };
  if (positionals.length > 1) {
    throw new CreateError(
      2,
      `Expected one directory, got ${positionals.length}: ${positionals.join(", ")} ${seeHelp}.`,
    );
  }
  const pm = values.pm; // already checked: a known package manager when given
  return {
    kind: "create",
    directory: positionals[0],
    packageManager:
      typeof pm === "string" && isPackageManager(pm) ? pm : detectPackageManager(userAgent),
    install: values["skip-install"] !== true && values["no-install"] !== true,
  };
}

/** Refuses an option we do not take, a value given to a flag, and a --pm we cannot run. */
function checkOption(name: string, rawName: string, value: string | undefined): void {
  if (!Object.hasOwn(options, name)) {
    throw new CreateError(2, `Unknown option ${rawName} ${seeHelp}.`);
  }
  if (name !== "pm") {
    if (value !== undefined) throw new CreateError(2, `${rawName} takes no value ${seeHelp}.`);
    return;
  }
  const choices = packageManagers.join(", ");
  if (value === undefined || value.startsWith("-")) {
    throw new CreateError(2, `--pm needs a package manager: ${choices}.`);
  }
  if (!isPackageManager(value)) {
    throw new CreateError(
      2,
      `Unknown package manager "${value}" for --pm; choose one of ${choices}.`,
    );
  }
}

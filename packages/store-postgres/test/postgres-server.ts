import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { chown } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const notInstalled =
  "PostgreSQL is not installed: install it (apt-get install postgresql), or set EVENTUAL_TEST_POSTGRES_URL to a server to test against.";

/**
 * A private PostgreSQL cluster for a test run: a fresh data directory in a temp dir, listening on
 * 127.0.0.1 at a free port, its socket in the temp dir, fsync on. Run as root, it runs as the
 * `postgres` OS user, since PostgreSQL refuses to run as root.
 */
export class PostgresCluster {
  readonly url: string;
  readonly #dir: string;
  readonly #bin: string;
  readonly #port: number;

  private constructor(dir: string, bin: string, port: number) {
    this.#dir = dir;
    this.#bin = bin;
    this.#port = port;
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  /** Creates and starts a cluster; fails with a one-line reason if PostgreSQL is not installed. */
  static async start(): Promise<PostgresCluster> {
    const bin = postgresBinDir();
    const dir = mkdtempSync(join(tmpdir(), "eventual-postgres-"));
    if (process.getuid?.() === 0) await chown(dir, ...postgresUser());
    const cluster = new PostgresCluster(dir, bin, await freePort());
    await cluster.#pg(
      "initdb",
      "-D",
      cluster.#data,
      "-U",
      "postgres",
      "--auth=trust",
      "-E",
      "UTF8",
      "--no-sync",
    );
    await cluster.startServer();
    return cluster;
  }

  get #data(): string {
    return join(this.#dir, "data");
  }

  /** Starts the server and waits until it accepts connections. */
  async startServer(): Promise<void> {
    const settings = [
      "-c listen_addresses=127.0.0.1",
      `-c port=${this.#port}`,
      `-c unix_socket_directories=${this.#dir}`,
      "-c fsync=on",
      "-c max_connections=200",
    ].join(" ");
    const log = join(this.#dir, "server.log");
    await this.#pg("pg_ctl", "-D", this.#data, "-l", log, "-o", settings, "-w", "start");
  }

  /** Stops the server at once, ending every connection (`-m fast`), as a database restart does. */
  async stopServer(): Promise<void> {
    await this.#pg("pg_ctl", "-D", this.#data, "-m", "fast", "-w", "stop");
  }

  /** Stops the server and removes its files. */
  async destroy(): Promise<void> {
    await this.stopServer().catch(() => {});
    rmSync(this.#dir, { recursive: true, force: true });
  }

  /** Runs one of PostgreSQL's programs, as the `postgres` user when we are root. */
  async #pg(program: string, ...args: string[]): Promise<void> {
    const path = join(this.#bin, program);
    const [command, commandArgs] =
      process.getuid?.() === 0
        ? ["runuser", ["-u", "postgres", "--", path, ...args]]
        : [path, args];
    try {
      await run(command, commandArgs, { cwd: this.#dir });
    } catch (error) {
      const { stderr = "" } = error as { stderr?: string };
      throw new Error(`${program} failed: ${stderr.trim() || (error as Error).message}`);
    }
  }
}

/** The newest installed PostgreSQL's bin directory (Debian's layout, then `pg_config`). */
function postgresBinDir(): string {
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
  throw new Error(notInstalled);
}

/** The uid and gid of the `postgres` OS user, which the PostgreSQL packages create. */
function postgresUser(): [number, number] {
  try {
    const id = (flag: string) =>
      Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    return [id("-u"), id("-g")];
  } catch {
    throw new Error(`Running as root needs the postgres OS user. ${notInstalled}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(address),
      );
    });
  });
}

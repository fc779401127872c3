import type { AppConnection } from "../host/app-links.js";

/** What `eventual dev` hands the process that hosts the service. */
export interface DevOptions {
  /** Absolute path of the service entry. */
  entry: string;
  port: number;
  /** Folder of the SQLite file. */
  data: string;
  /** A PostgreSQL URL to run on instead of the SQLite file. */
  db?: string;
  hostname: string;
  /**
   * For one service of an app: its name, the other services' folders (see `loadService`), and
   * where it stands among them.
   */
  service?: { name: string; exclude: string[]; connection: AppConnection };
}

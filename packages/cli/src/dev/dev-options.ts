/** What `eventual dev` hands the process that hosts the service. */
export interface DevOptions {
  /** Absolute path of the service entry. */
  entry: string;
  port: number;
  /** Folder of the SQLite file. */
  data: string;
  hostname: string;
}

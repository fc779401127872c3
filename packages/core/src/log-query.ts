/** Which of a service's log lines to read, across its executions (`getServiceLogs`). */
export interface LogQuery {
  /** Only lines of executions of this workflow. */
  workflow?: string;
  /** Only lines written at or after this time (ISO 8601). */
  since?: string;
  /** The latest `limit` lines that match, 1 to 10000; default 1000. */
  limit?: number;
}

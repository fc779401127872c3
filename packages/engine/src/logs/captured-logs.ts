import type { EngineContext } from "../scheduler/engine-context.js";
import type { LogLevel, LogRecord, Write } from "../store/store.js";
import type { LogSink } from "./console-capture.js";

/**
 * The `console` output of one activity attempt or one delivery: echoed as it happens, and stored
 * in the same commit as the attempt's outcome.
 */
export class CapturedLogs implements LogSink {
  readonly #logs: LogRecord[] = [];

  constructor(
    private readonly context: Pick<EngineContext, "clock" | "echoLog">,
    private readonly source: string,
    private readonly executionId?: string,
  ) {}

  log(level: LogLevel, message: string): void {
    const log: LogRecord = { source: this.source, time: this.context.clock.now(), level, message };
    if (this.executionId !== undefined) log.executionId = this.executionId;
    this.#logs.push(log);
    this.context.echoLog(log);
  }

  /** The write that stores them, if there is anything to store. */
  writes(): Write[] {
    return this.#logs.length === 0 ? [] : [{ type: "appendLogs", logs: this.#logs }];
  }
}

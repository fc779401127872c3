import type { SerializedError } from "./errors.js";

/** Where an execution is in its life. */
export const ExecutionStatus = {
  IN_PROGRESS: "IN_PROGRESS",
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
  CANCELLED: "CANCELLED",
} as const;
export type ExecutionStatus = (typeof ExecutionStatus)[keyof typeof ExecutionStatus];

/** One run of a workflow, as the control API and the client show it. */
export interface Execution<Output = unknown> {
  id: string;
  workflowName: string;
  status: ExecutionStatus;
  input: unknown;
  result?: Output;
  error?: SerializedError;
  /** Set while the execution is held by a determinism error; it resumes when the code is fixed. */
  held?: SerializedError;
  startTime: string;
  endTime?: string;
  parentId?: string;
  /**
   * The version of the workflow's code that started the execution: the workflow's `version`
   * option, or else a hash of its function's source (see docs/evolution.md).
   */
  version?: string;
}

/** Whether an execution has ended. */
export function isExecutionEnded(status: ExecutionStatus): boolean {
  return status !== ExecutionStatus.IN_PROGRESS;
}

import type {
  ActivityTask,
  DeliveryRecord,
  ExecutionRecord,
  HistoryEvent,
  TimerRecord,
  WorkflowTask,
  Write,
} from "@eventual/engine";
import { completionKey } from "@eventual/engine";

/** Records for the multi-node tests, in 2030 so a store reading its own clock would show. */
export const T0 = Date.parse("2030-01-01T00:00:00.000Z");
export const LEASE = 30_000;

export const claim = (owner: string, now = T0, limit = 100) => ({
  owner,
  now,
  leaseMs: LEASE,
  limit,
});

export function createExecution(id: string): Write {
  const execution: ExecutionRecord = {
    id,
    name: id,
    workflowName: "checkout",
    status: "IN_PROGRESS",
    input: { order: id },
    startTime: new Date(T0).toISOString(),
    historyLength: 0,
  };
  const started = {
    type: "WorkflowStarted",
    input: execution.input,
    timestamp: execution.startTime,
  } as const;
  return { type: "createExecution", execution, started };
}

export function activityTask(executionId: string, seq: number): ActivityTask {
  return {
    executionId,
    seq,
    name: "chargeCard",
    args: [seq],
    workflowName: "checkout",
    policy: {},
    attempt: 0,
    scheduledTime: T0,
    availableAt: T0,
  };
}

export function delivery(id: string): DeliveryRecord {
  return {
    id,
    subscription: "sendReceipt",
    eventName: "OrderPlaced",
    event: { id },
    attempt: 0,
    availableAt: T0,
    publishedAt: T0,
  };
}

export function sleepTimer(executionId: string, seq: number): TimerRecord {
  return {
    id: `${executionId}/timer/${seq}`,
    executionId,
    dueTime: T0,
    event: { type: "TimerCompleted", seq },
    key: completionKey(seq),
  };
}

/** Completes a claimed task: its guard, and its inbox as history. */
export function completion(task: WorkflowTask, owner: string, history?: HistoryEvent[]): Write[] {
  const { id: executionId, historyLength } = task.execution;
  return [
    { type: "requireTask", executionId, historyLength, lease: { owner } },
    {
      type: "appendHistory",
      executionId,
      historyLength,
      history: history ?? task.inbox.map((entry) => entry.event),
      consumed: task.inbox.map((entry) => entry.id),
    },
  ];
}

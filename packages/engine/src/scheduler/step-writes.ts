import type { Execution } from "@eventual/core";
import type { ServiceRegistry } from "@eventual/core/internal";
import { iso } from "../clock.js";
import type { WorkflowStep } from "../executor/workflow-instance.js";
import type { CommandEvent, OutcomeEvent } from "../history.js";
import { completionKey } from "../history.js";
import type { DeliveryRecord, ExecutionRecord, WorkflowTask, Write } from "../store/store.js";
import { activityTimeoutTimer, timerIds, workflowTimeoutTimer } from "./timers.js";

export interface StepContext {
  registry: ServiceRegistry;
  owner: string;
  now: number;
  newId: () => string;
}

/**
 * Everything one workflow task commits, as one group: the history it appended and the inbox it
 * consumed (guarded by its lease), then the effects of its new commands and of its outcome.
 */
export function stepWrites(task: WorkflowTask, step: WorkflowStep, context: StepContext): Write[] {
  const { execution } = task;
  const writes: Write[] = [
    {
      type: "completeWorkflowTask",
      executionId: execution.id,
      owner: context.owner,
      expectedHistoryLength: execution.historyLength,
      history: step.history,
      consumed: task.inbox.map((entry) => entry.id),
      ...(step.outcome ? { ended: endedExecution(step.outcome) } : {}),
    },
  ];
  for (const command of step.commands) {
    if (step.outcome && !outlivesExecution(command)) continue;
    writes.push(...commandWrites(execution, command, context));
  }
  if (step.outcome && execution.parentId !== undefined && execution.parentSeq !== undefined) {
    writes.push(parentNotification(execution, step.outcome));
  }
  if (step.logs) {
    const logs = step.logs.map((log) => ({
      ...log,
      executionId: execution.id,
      source: "workflow",
    }));
    writes.push({ type: "appendLogs", logs });
  }
  return writes;
}

/** Signals, events and children still go out when the execution ends in the same step. */
function outlivesExecution(command: CommandEvent): boolean {
  return command.type !== "ActivityScheduled" && command.type !== "TimerScheduled";
}

function commandWrites(
  execution: ExecutionRecord,
  command: CommandEvent,
  context: StepContext,
): Write[] {
  const { now } = context;
  switch (command.type) {
    case "ActivityScheduled": {
      const policy = context.registry.activities.get(command.name)?.options ?? {};
      const timeout = activityTimeoutTimer(execution.id, command.seq, command.name, policy, now);
      return [
        {
          type: "scheduleActivity",
          task: {
            executionId: execution.id,
            seq: command.seq,
            name: command.name,
            args: command.args,
            workflowName: execution.workflowName,
            policy,
            attempt: 0,
            scheduledTime: now,
            availableAt: now,
          },
          ...(timeout ? { timers: [timeout] } : {}),
        },
      ];
    }
    case "TimerScheduled":
      return [
        {
          type: "setTimer",
          timer: {
            id: timerIds.workflowTimer(execution.id, command.seq),
            executionId: execution.id,
            dueTime: Date.parse(command.untilTime),
            event: { type: "TimerCompleted", seq: command.seq },
            key: completionKey(command.seq),
          },
        },
      ];
    case "ChildWorkflowScheduled":
      return [childStart(execution, command, context)];
    case "SignalSent":
      return [
        {
          type: "appendInbox",
          executionId: command.executionId,
          event: {
            type: "SignalReceived",
            signal: command.signal,
            payload: command.payload,
            ...(command.id === undefined ? {} : { id: command.id }),
            timestamp: iso(now),
          },
          key: `signal:${command.id ?? `${execution.id}#${command.seq}`}`,
        },
      ];
    case "EventsPublished":
      return [
        {
          type: "createDeliveries",
          deliveries: fanOut(command.events, context.registry, now, context.newId, execution.id),
        },
      ];
  }
}

function childStart(
  parent: ExecutionRecord,
  command: Extract<CommandEvent, { type: "ChildWorkflowScheduled" }>,
  context: StepContext,
): Write {
  const declaration = context.registry.workflows.get(command.name);
  if (!declaration) {
    return {
      type: "appendInbox",
      executionId: parent.id,
      event: {
        type: "ChildWorkflowFailed",
        seq: command.seq,
        error: { name: "UnknownWorkflow", message: `Workflow "${command.name}" is not declared.` },
        timestamp: iso(context.now),
      },
      key: completionKey(command.seq),
    };
  }
  const timeout = command.timeout ?? declaration.options.timeout;
  return {
    type: "createExecution",
    execution: {
      id: command.executionId,
      name: command.executionId,
      workflowName: command.name,
      status: "IN_PROGRESS",
      input: command.input,
      startTime: iso(context.now),
      parentId: parent.id,
      parentSeq: command.seq,
      historyLength: 0,
    },
    started: { type: "WorkflowStarted", input: command.input, timestamp: iso(context.now) },
    ...(timeout === undefined
      ? {}
      : { timers: [workflowTimeoutTimer(command.executionId, context.now + timeout * 1000)] }),
  };
}

/** One delivery per subscriber of each published event. */
export function fanOut(
  events: { name: string; event: unknown }[],
  registry: ServiceRegistry,
  now: number,
  newId: () => string,
  publishedBy?: string,
): DeliveryRecord[] {
  const deliveries: DeliveryRecord[] = [];
  for (const { name, event } of events) {
    for (const subscription of registry.subscriptions.values()) {
      if (!subscription.events.includes(name)) continue;
      deliveries.push({
        id: newId(),
        subscription: subscription.name,
        eventName: name,
        event,
        attempt: 0,
        availableAt: now,
        publishedAt: now,
        ...(publishedBy === undefined ? {} : { executionId: publishedBy }),
      });
    }
  }
  return deliveries;
}

function endedExecution(
  outcome: OutcomeEvent,
): Pick<Execution, "status" | "result" | "error" | "endTime"> {
  switch (outcome.type) {
    case "WorkflowSucceeded":
      return { status: "SUCCEEDED", result: outcome.result, endTime: outcome.timestamp };
    case "WorkflowFailed":
      return { status: "FAILED", error: outcome.error, endTime: outcome.timestamp };
    case "WorkflowCancelled":
      return {
        status: "CANCELLED",
        error: { name: "Cancelled", message: outcome.reason ?? "The execution was cancelled." },
        endTime: outcome.timestamp,
      };
  }
}

function parentNotification(child: ExecutionRecord, outcome: OutcomeEvent): Write {
  const seq = child.parentSeq!;
  const ended = endedExecution(outcome);
  return {
    type: "appendInbox",
    executionId: child.parentId!,
    event:
      outcome.type === "WorkflowSucceeded"
        ? {
            type: "ChildWorkflowSucceeded",
            seq,
            result: outcome.result,
            timestamp: outcome.timestamp,
          }
        : { type: "ChildWorkflowFailed", seq, error: ended.error!, timestamp: outcome.timestamp },
    key: completionKey(seq),
  };
}

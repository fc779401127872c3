import type { Execution } from "@eventual/core";
import type { ServiceRegistry } from "@eventual/core/internal";
import { iso } from "../clock.js";
import { codeVersion } from "../code-version.js";
import type { ExecutionIdentity, WorkflowStep } from "../executor/workflow-instance.js";
import type { CommandEvent, OutcomeEvent } from "../history.js";
import { completionKey } from "../history.js";
import { cancelWrite, newExecution, signalWrite } from "../records.js";
import type { ActivityTask, DeliveryRecord, Write, WriteOf } from "../store/store.js";
import type { LocalTimer } from "./local-timers.js";
import { localTimerGraceMs } from "./local-timers.js";
import { activityTimeoutTimer, timerIds } from "./timers.js";

export interface StepContext {
  registry: ServiceRegistry;
  /** Who receives each event this service publishes: a delivery is stored for each. */
  subscribers: ReadonlyMap<string, readonly string[]>;
  owner: string;
  now: number;
  newId: () => string;
  /** Activity tasks this process will run at once, stored leased to it until `leaseUntil`. */
  localClaim?: { leaseUntil: number; limit: number };
  /** Whether this process will fire a workflow timer due then itself. */
  firesLocally?: (due: number) => boolean;
}

/**
 * A step's writes; the activity tasks among them leased to this process to run at once; and the
 * timers it fires itself (their stored copies due a grace period later).
 */
export interface StepWrites {
  writes: Write[];
  claimed: ActivityTask[];
  timers: LocalTimer[];
}

/**
 * Where a step starts: a new execution (`created`, its first step run where it was started), a
 * claimed workflow task (with the inbox it consumed), or a live instance stepped without a claim.
 */
export interface StepOrigin {
  execution: ExecutionIdentity;
  /** Who takes the step: a claimed task's lease holder. */
  owner: string;
  /** The history length the step started from. */
  historyLength: number;
  consumed: number[];
  created?: WriteOf<"createExecution">;
  unclaimed?: { now: number };
}

/**
 * Everything one step commits, as one group: the history it appended and the inbox it consumed
 * (guarded by `requireTask`: its lease, or for an unclaimed task nobody else working on it), then
 * the `effects` of its new commands and of its outcome. A new execution's first step starts
 * with `startExecution` instead, guarded by `requireNewExecution`: the whole group applies only
 * if the execution is new.
 */
export function stepGroup(origin: StepOrigin, step: WorkflowStep, effects: Write[]): Write[] {
  const ended = step.outcome ? { ended: endedExecution(step.outcome) } : undefined;
  if (origin.created) {
    const { execution, timers } = origin.created;
    const history = step.history;
    return [
      { type: "requireNewExecution", executionId: execution.id },
      { type: "startExecution", execution, history, ...(ended ?? { timers }) },
      ...effects,
    ];
  }
  const { id: executionId } = origin.execution;
  const { historyLength } = origin;
  const lease = origin.unclaimed ? { freeAt: origin.unclaimed.now } : { owner: origin.owner };
  return [
    { type: "requireTask", executionId, historyLength, lease },
    {
      type: "appendHistory",
      executionId,
      historyLength,
      history: step.history,
      consumed: origin.consumed,
      ...ended,
    },
    ...effects,
  ];
}

/**
 * When a step's writes make work for the loop to find: `now` for inbox events, executions,
 * deliveries or activities not run here; the earliest due time of the timers it set but for
 * those `firedHere`; undefined when its only effect is work this process already does.
 */
export function workDueFrom(
  writes: Write[],
  firedHere: ReadonlySet<string> = new Set(),
): number | "now" | undefined {
  let due: number | undefined;
  const at = (time: number) => {
    due = Math.min(due ?? time, time);
  };
  for (const write of writes) {
    switch (write.type) {
      case "requireNewExecution":
      case "requireTask":
      case "appendHistory":
      case "appendLogs":
        break;
      case "setTimer":
        if (!firedHere.has(write.timer.id)) at(write.timer.dueTime);
        break;
      case "scheduleActivity":
        if (write.claim === undefined) return "now";
        for (const timer of write.timers ?? []) at(timer.dueTime);
        break;
      case "startExecution":
        for (const timer of write.timers ?? []) at(timer.dueTime);
        break;
      default:
        return "now";
    }
  }
  return due;
}

/** What a step's commands, outcome and logs cause beyond its own history. */
export function stepEffects(
  execution: ExecutionIdentity,
  step: WorkflowStep,
  context: StepContext,
): StepWrites {
  const writes: Write[] = [];
  const claimed: ActivityTask[] = [];
  const timers: LocalTimer[] = [];
  for (const command of step.commands) {
    if (step.outcome && !outlivesExecution(command)) continue;
    const write = commandWrite(execution, command, context);
    if (write.type === "scheduleActivity" && claimed.length < (context.localClaim?.limit ?? 0)) {
      write.task.attempt = 1;
      write.claim = { owner: context.owner, leaseUntil: context.localClaim!.leaseUntil };
      claimed.push(write.task);
    }
    if (command.type === "TimerScheduled" && write.type === "setTimer") {
      const due = write.timer.dueTime;
      if (context.firesLocally?.(due)) {
        timers.push({ id: write.timer.id, executionId: execution.id, seq: command.seq, due });
        write.timer.dueTime = due + localTimerGraceMs;
      }
    }
    writes.push(write);
  }
  if (step.outcome && execution.parentId !== undefined && execution.parentSeq !== undefined) {
    writes.push(parentNotification(execution, step.outcome));
  }
  for (const child of step.cancelChildren ?? []) {
    const reason = `Its parent ${execution.id} ended with ${step.outcome?.type}.`;
    writes.push(cancelWrite(child, reason, context.now));
  }
  if (step.logs) {
    const logs = step.logs.map((log) => ({
      ...log,
      executionId: execution.id,
      source: "workflow",
    }));
    writes.push({ type: "appendLogs", logs });
  }
  return { writes, claimed, timers };
}

/** Signals, events and children still go out when the execution ends in the same step. */
function outlivesExecution(command: CommandEvent): boolean {
  return command.type !== "ActivityScheduled" && command.type !== "TimerScheduled";
}

function commandWrite(
  execution: ExecutionIdentity,
  command: WorkflowStep["commands"][number],
  context: StepContext,
): Write {
  const { now } = context;
  switch (command.type) {
    case "ActivityScheduled": {
      const policy = context.registry.activities.get(command.name)?.options ?? {};
      const timeout = activityTimeoutTimer(execution.id, command.seq, command.name, policy, now);
      return {
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
      };
    }
    case "TimerScheduled":
      return {
        type: "setTimer",
        timer: {
          id: timerIds.workflowTimer(execution.id, command.seq),
          executionId: execution.id,
          dueTime: Date.parse(command.untilTime),
          event: { type: "TimerCompleted", seq: command.seq },
          key: completionKey(command.seq),
        },
      };
    case "ChildWorkflowScheduled":
      return childStart(execution, command, context);
    case "SignalSent":
      return signalWrite(command.executionId, command, now, `${execution.id}#${command.seq}`);
    case "EventsPublished":
      return {
        type: "createDeliveries",
        deliveries: fanOut(command.events, context.subscribers, now, context.newId, execution.id),
      };
  }
}

function childStart(
  parent: ExecutionIdentity,
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
  return newExecution({
    id: command.executionId,
    workflowName: command.name,
    version: codeVersion(declaration),
    input: command.input,
    now: context.now,
    timeout: command.timeout ?? declaration.options.timeout,
    parent: { id: parent.id, seq: command.seq },
  });
}

/**
 * One delivery per subscriber of each published event: `subscribers` names them by event, this
 * service's own and, for what it publishes, the services it pushes to.
 */
export function fanOut(
  events: { name: string; event: unknown }[],
  subscribers: ReadonlyMap<string, readonly string[]>,
  now: number,
  newId: () => string,
  publishedBy?: string,
): DeliveryRecord[] {
  const deliveries: DeliveryRecord[] = [];
  for (const { name, event } of events) {
    for (const subscription of subscribers.get(name) ?? []) {
      deliveries.push({
        id: newId(),
        subscription,
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

/** How an execution ended, from the event that ended it. */
export function endedExecution(
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

function parentNotification(child: ExecutionIdentity, outcome: OutcomeEvent): Write {
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

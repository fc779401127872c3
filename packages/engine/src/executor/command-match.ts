import type { CommandEvent } from "../history.js";

/**
 * Whether a replayed command is the one history recorded at its position. Arguments may change
 * between versions (a fix to an activity's input is not a divergence); the kind and the name of
 * what is called may not.
 */
export function sameCommand(recorded: CommandEvent, issued: CommandEvent): boolean {
  return recorded.type === issued.type && commandName(recorded) === commandName(issued);
}

function commandName(command: CommandEvent): string | undefined {
  switch (command.type) {
    case "ActivityScheduled":
    case "ChildWorkflowScheduled":
      return command.name;
    case "SignalSent":
      return command.signal;
    case "EventsPublished":
      return command.events.map((e) => e.name).join(",");
    case "PatchApplied":
      return command.changeId;
    case "TimerScheduled":
      return undefined;
  }
}

/** A command as a person reads it in an error: `activity "chargeCC"`, `a timer`. */
export function describeCommand(command: CommandEvent): string {
  switch (command.type) {
    case "ActivityScheduled":
      return `activity "${command.name}"`;
    case "ChildWorkflowScheduled":
      return `child workflow "${command.name}"`;
    case "SignalSent":
      return `signal "${command.signal}" to ${command.executionId}`;
    case "EventsPublished":
      return `events ${command.events.map((e) => `"${e.name}"`).join(", ")}`;
    case "TimerScheduled":
      return "a timer";
    case "PatchApplied":
      return `patched("${command.changeId}")`;
  }
}

import type { Execution } from "@eventual/core";

const words: Record<Execution["status"], string> = {
  IN_PROGRESS: "running",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
  CANCELLED: "cancelled",
};

/** An execution's status as a badge; a held one says so, since it waits for a person. */
export function StatusBadge({ execution }: { execution: Pick<Execution, "status" | "held"> }) {
  const held = execution.held !== undefined && execution.status === "IN_PROGRESS";
  return (
    <span class={`status status-${held ? "held" : execution.status.toLowerCase()}`}>
      {held ? "held" : words[execution.status]}
    </span>
  );
}

export const statuses = Object.keys(words) as Execution["status"][];
export const statusWord = words;

import { createHash } from "node:crypto";
import type { WorkflowDeclaration } from "@eventual/core/internal";

const versions = new WeakMap<WorkflowDeclaration, string>();

/**
 * The version of a workflow's code that an execution records at its start: the `version` the
 * workflow names, or else the first 12 hex digits of a SHA-256 of its function's source. The
 * hash sees only the function itself, not the helpers it calls: name a version to cover those.
 */
export function codeVersion(workflow: WorkflowDeclaration): string {
  let version = versions.get(workflow);
  if (version === undefined) {
    version =
      workflow.options.version ??
      createHash("sha256").update(String(workflow.handler)).digest("hex").slice(0, 12);
    versions.set(workflow, version);
  }
  return version;
}

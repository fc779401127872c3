import { useId, useState } from "preact/hooks";
import { useConnection } from "../api/connection.js";
import { ActionDialog } from "../components/dialog.js";
import { JsonField, readJson } from "../components/json-field.js";

/** Starts an execution of a workflow with a JSON input, checked as it is typed. */
export function StartDialog(props: {
  workflows: string[];
  workflow?: string;
  onClose(): void;
  onStarted(executionId: string): void;
}) {
  const { client } = useConnection();
  const [workflow, setWorkflow] = useState(props.workflow ?? props.workflows[0] ?? "");
  const [name, setName] = useState("");
  const [input, setInput] = useState("");
  const reading = readJson(input);
  const ids = { workflow: useId(), name: useId() };
  return (
    <ActionDialog
      title="Start a workflow"
      action="Start"
      ready={reading.ok && workflow !== ""}
      onClose={props.onClose}
      run={async () => {
        if (!reading.ok) return;
        const started = await client.startExecution(workflow, reading.value, {
          ...(name.trim() ? { executionName: name.trim() } : {}),
        });
        props.onStarted(started.executionId);
      }}
    >
      <div class="field">
        <label for={ids.workflow}>Workflow</label>
        <select
          id={ids.workflow}
          value={workflow}
          onChange={(e) => setWorkflow(e.currentTarget.value)}
        >
          {props.workflows.map((w) => (
            <option key={w} value={w}>
              {w}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={ids.name}>Execution name (optional)</label>
        <input
          id={ids.name}
          value={name}
          placeholder="a unique name makes the start idempotent"
          onInput={(e) => setName(e.currentTarget.value)}
        />
      </div>
      <JsonField
        label="Input (JSON)"
        text={input}
        onInput={setInput}
        placeholder='{ "amount": 5 }'
      />
    </ActionDialog>
  );
}

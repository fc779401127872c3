import type { Execution } from "@eventual/core";
import { useId, useState } from "preact/hooks";
import { useConnection } from "../api/connection.js";
import { ActionDialog } from "../components/dialog.js";
import { JsonField, readJson } from "../components/json-field.js";

type Open = "signal" | "cancel" | "release" | undefined;

/** What can be done to a running execution: signal it, cancel it, release it when held. */
export function ExecutionActions(props: {
  execution: Execution;
  signals: string[];
  onDone(): void;
}) {
  const [open, setOpen] = useState<Open>();
  const { execution } = props;
  if (execution.status !== "IN_PROGRESS") return null;
  const close = () => {
    setOpen(undefined);
    props.onDone();
  };
  return (
    <div class="actions">
      <button type="button" onClick={() => setOpen("signal")}>
        Send signal
      </button>
      {execution.held && (
        <button type="button" onClick={() => setOpen("release")}>
          Release
        </button>
      )}
      <button type="button" class="danger" onClick={() => setOpen("cancel")}>
        Cancel execution
      </button>
      {open === "signal" && (
        <SignalDialog executionId={execution.id} signals={props.signals} onClose={close} />
      )}
      {open === "cancel" && <CancelDialog executionId={execution.id} onClose={close} />}
      {open === "release" && <ReleaseDialog executionId={execution.id} onClose={close} />}
    </div>
  );
}

function SignalDialog(props: { executionId: string; signals: string[]; onClose(): void }) {
  const { client } = useConnection();
  const [signal, setSignal] = useState(props.signals[0] ?? "");
  const [payload, setPayload] = useState("");
  const reading = readJson(payload);
  const id = useId();
  return (
    <ActionDialog
      title="Send a signal"
      action="Send"
      ready={reading.ok && signal.trim() !== ""}
      onClose={props.onClose}
      run={async () => {
        if (reading.ok) await client.sendSignal(props.executionId, signal.trim(), reading.value);
      }}
    >
      <div class="field">
        <label for={id}>Signal</label>
        <input
          id={id}
          list={`${id}-names`}
          value={signal}
          onInput={(e) => setSignal(e.currentTarget.value)}
        />
        <datalist id={`${id}-names`}>
          {props.signals.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
      </div>
      <JsonField label="Payload (JSON)" text={payload} onInput={setPayload} />
    </ActionDialog>
  );
}

function CancelDialog(props: { executionId: string; onClose(): void }) {
  const { client } = useConnection();
  const [reason, setReason] = useState("");
  const id = useId();
  return (
    <ActionDialog
      title={`Cancel ${props.executionId}?`}
      action="Cancel execution"
      destructive
      onClose={props.onClose}
      run={() => client.cancelExecution(props.executionId, reason.trim() || undefined)}
    >
      <div class="field">
        <label for={id}>Reason (optional)</label>
        <input id={id} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </div>
    </ActionDialog>
  );
}

function ReleaseDialog(props: { executionId: string; onClose(): void }) {
  const { client } = useConnection();
  return (
    <ActionDialog
      title={`Release ${props.executionId}?`}
      action="Release"
      onClose={props.onClose}
      run={async () => {
        const result = await client.releaseExecution(props.executionId);
        if (!result.released) {
          const held = result.held ? `${result.held.name}: ${result.held.message}` : "still held";
          throw new Error(`It does not replay on this code yet: ${held}`);
        }
      }}
    >
      <p>Replays its history against the code the service runs now; it runs on if that holds.</p>
    </ActionDialog>
  );
}

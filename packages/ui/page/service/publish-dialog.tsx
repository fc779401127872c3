import { useState } from "preact/hooks";
import { useConnection } from "../api/connection.js";
import { ActionDialog } from "../components/dialog.js";
import { JsonField, readJson } from "../components/json-field.js";

/** Publishes one event of a declared kind; its subscribers run as for any other. */
export function PublishDialog(props: { event: string; onClose(): void }) {
  const { client } = useConnection();
  const [payload, setPayload] = useState("{}");
  const reading = readJson(payload);
  return (
    <ActionDialog
      title={`Publish ${props.event}`}
      action="Publish"
      destructive
      ready={reading.ok && reading.value !== undefined}
      onClose={props.onClose}
      run={() =>
        reading.ok
          ? client.publishEvents([{ name: props.event, event: reading.value }])
          : Promise.resolve()
      }
    >
      <JsonField label="Event (JSON)" text={payload} onInput={setPayload} />
    </ActionDialog>
  );
}

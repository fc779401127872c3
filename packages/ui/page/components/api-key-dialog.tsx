import { useEffect, useId, useRef, useState } from "preact/hooks";
import { useConnection } from "../api/connection.js";
import { Alert } from "./alert.js";

/**
 * Asks for the API key after the service refused a call (a node started with a key, as
 * `eventual serve` is): the service's message says whether a key was missing or wrong. The key is
 * kept for this tab (sessionStorage) and sent as `Authorization: Bearer`, never in a URL.
 */
export function ApiKeyDialog({ message }: { message: string }) {
  const connection = useConnection();
  const dialog = useRef<HTMLDialogElement>(null);
  const [key, setKey] = useState("");
  const id = useId();
  useEffect(() => {
    if (!dialog.current?.open) dialog.current?.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => event.preventDefault()}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (key.trim()) connection.setApiKey(key.trim());
        }}
      >
        <h2 id={`${id}-title`}>API key</h2>
        <Alert>{message}</Alert>
        <div class="field">
          <label for={id}>This service's API key</label>
          <input
            id={id}
            type="password"
            autocomplete="off"
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
          />
        </div>
        <div class="dialog-buttons">
          <button type="submit" class="primary" disabled={!key.trim()}>
            Use key
          </button>
        </div>
      </form>
    </dialog>
  );
}

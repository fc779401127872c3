import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { describeError, useConnection } from "../api/connection.js";
import { Alert } from "./alert.js";

export interface ActionDialogProps {
  title: string;
  /** The confirming button's text: "Start", "Cancel execution". */
  action: string;
  /** A destructive action's button is red, and the dialog says it cannot be undone. */
  destructive?: boolean;
  /** Disables the action while the form is invalid. */
  ready?: boolean;
  onClose(): void;
  /** Runs the action; resolves when done. A refusal's message is shown in the dialog. */
  run(): Promise<void>;
  children?: ComponentChildren;
}

/**
 * A modal form for one action, on the browser's own `<dialog>`: it traps focus, Escape closes it,
 * and the first field takes focus. The action's error (the control API's message) stays in the
 * dialog, beside the form that caused it.
 */
export function ActionDialog(props: ActionDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const connection = useConnection();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await props.run();
      props.onClose();
    } catch (failure) {
      connection.refused(failure);
      setError(describeError(failure));
      setBusy(false);
    }
  };
  return (
    <dialog ref={dialog} class="dialog" onClose={props.onClose} aria-labelledby="dialog-title">
      <form onSubmit={submit}>
        <h2 id="dialog-title">{props.title}</h2>
        {props.children}
        {props.destructive && <p class="warning">This cannot be undone.</p>}
        {error && <Alert>{error}</Alert>}
        <div class="dialog-buttons">
          <button type="button" onClick={props.onClose}>
            Close
          </button>
          <button
            type="submit"
            class={props.destructive ? "danger" : "primary"}
            disabled={busy || props.ready === false}
          >
            {busy ? "Working…" : props.action}
          </button>
        </div>
      </form>
    </dialog>
  );
}

import { useId } from "preact/hooks";

/** The outcome of reading a JSON field: its value, or why it is not JSON. */
export type JsonReading = { ok: true; value: unknown } | { ok: false; error: string };

/** Reads a field's text as JSON; an empty field is no value at all. */
export function readJson(text: string): JsonReading {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** A textarea for a JSON value that says, as the user types, whether it is valid JSON. */
export function JsonField(props: {
  label: string;
  text: string;
  onInput(text: string): void;
  placeholder?: string;
}) {
  const id = useId();
  const reading = readJson(props.text);
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        class="json"
        rows={6}
        spellcheck={false}
        value={props.text}
        placeholder={props.placeholder}
        aria-invalid={!reading.ok}
        aria-describedby={`${id}-check`}
        onInput={(event) => props.onInput(event.currentTarget.value)}
      />
      <small id={`${id}-check`} class={reading.ok ? "hint" : "error"}>
        {reading.ok ? "Valid JSON (empty sends none)." : `Not JSON: ${reading.error}`}
      </small>
    </div>
  );
}

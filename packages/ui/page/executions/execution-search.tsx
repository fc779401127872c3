import { NotFoundError } from "@eventual/core";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { describeError, useConnection } from "../api/connection.js";
import { executionPath } from "../components/paths.js";

/**
 * Finds an execution by its id, or by the name it was started with: an id is
 * `<workflow>~<name>`, so a name is looked up under every workflow of the service.
 */
export function ExecutionSearch({ workflows }: { workflows: string[] }) {
  const { client } = useConnection();
  const location = useLocation();
  const [text, setText] = useState("");
  const [message, setMessage] = useState<string>();
  const search = async (event: Event) => {
    event.preventDefault();
    const wanted = text.trim();
    if (!wanted) return;
    setMessage(undefined);
    const candidates = [wanted, ...workflows.map((workflow) => `${workflow}~${wanted}`)];
    try {
      const found = await Promise.all(
        candidates.map((id) => client.getExecution(id).catch(absent)),
      );
      const execution = found.find((e) => e !== undefined);
      if (execution) location.route(executionPath(execution.id));
      else setMessage(`No execution has the id or name “${wanted}”.`);
    } catch (error) {
      setMessage(describeError(error));
    }
  };
  return (
    <search>
      <form class="search" onSubmit={search}>
        <label>
          Find
          <input
            type="search"
            placeholder="execution id or name"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <button type="submit">Go</button>
        {message && (
          <span class="error" role="alert">
            {message}
          </span>
        )}
      </form>
    </search>
  );
}

function absent(error: unknown): undefined {
  if (error instanceof NotFoundError) return undefined;
  throw error;
}

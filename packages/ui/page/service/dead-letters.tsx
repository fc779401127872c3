import type { DeadLetter, DeadLetterPage } from "@eventual/core";
import { useState } from "preact/hooks";
import { useConnection } from "../api/connection.js";
import { useInterval } from "../api/use-interval.js";
import { useLoad } from "../api/use-load.js";
import { LoadError } from "../components/alert.js";
import { ActionDialog } from "../components/dialog.js";
import { formatTime } from "../components/format.js";
import { executionPath } from "../components/paths.js";
import { Stack } from "../components/stack.js";
import { Table } from "../components/table.js";

/** Deliveries whose subscriber ran out of attempts, each with a way to run it again. */
export function DeadLetters() {
  const { client } = useConnection();
  const page = useLoad<DeadLetterPage>(() => client.listDeadLetters({ limit: 100 }), []);
  useInterval(page.reload, 10_000);
  const [redriving, setRedriving] = useState<DeadLetter>();
  const letters = page.data?.deadLetters ?? [];
  return (
    <section aria-labelledby="dead-letters-title">
      <h2 id="dead-letters-title">Dead letters</h2>
      <LoadError error={page.error} />
      {page.data && letters.length === 0 && <p class="empty">None: every delivery got through.</p>}
      {letters.length > 0 && (
        <Table
          class="dead-letters"
          columns={[
            "Subscription",
            "Event",
            "Attempts",
            "Last error",
            "Published",
            { label: "Action", hidden: true },
          ]}
        >
          {letters.map((letter) => (
            <tr key={letter.id}>
              <td>{letter.subscription}</td>
              <td>
                <code>{letter.eventName}</code>
                {letter.executionId && (
                  <>
                    {" "}
                    from <a href={executionPath(letter.executionId)}>{letter.executionId}</a>
                  </>
                )}
              </td>
              <td>{letter.attempts}</td>
              <td>
                {letter.error ? `${letter.error.name}: ${letter.error.message}` : "—"}
                {letter.stack !== undefined && <Stack stack={letter.stack} />}
              </td>
              <td>{formatTime(letter.publishedAt)}</td>
              <td>
                <button type="button" class="small" onClick={() => setRedriving(letter)}>
                  Redrive
                </button>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {redriving && (
        <ActionDialog
          title={`Redrive ${redriving.eventName} to ${redriving.subscription}?`}
          action="Redrive"
          onClose={() => {
            setRedriving(undefined);
            page.reload();
          }}
          run={() => client.redriveDeadLetter(redriving.id)}
        >
          <p>Runs the subscriber again on this event, with a fresh set of attempts.</p>
        </ActionDialog>
      )}
    </section>
  );
}

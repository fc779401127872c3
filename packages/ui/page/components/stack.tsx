/** Where service code threw (an activity, a workflow, a subscriber), folded away until asked for. */
export function Stack({ stack }: { stack: string }) {
  return (
    <details class="stack">
      <summary>stack</summary>
      <pre>{stack}</pre>
    </details>
  );
}

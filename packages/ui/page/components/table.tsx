import type { ComponentChildren } from "preact";

/** A column's heading: its text, and a class for the heading and its cells (`wide-only`). */
export type Column = string | { label: string; class?: string; hidden?: boolean };

/**
 * A table that scrolls sideways inside its own box on a narrow screen, so that the page never
 * does; `children` are its body's rows.
 */
export function Table(props: { class: string; columns: Column[]; children: ComponentChildren }) {
  return (
    <div class="table-scroll">
      <table class={props.class}>
        <thead>
          <tr>
            {props.columns.map((column) => {
              const {
                label,
                class: className,
                hidden,
              } = typeof column === "string" ? { label: column } : column;
              return (
                <th key={label} scope="col" class={className}>
                  {hidden ? <span class="visually-hidden">{label}</span> : label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

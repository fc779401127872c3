import Table from "cli-table3";
import { out } from "./colors.js";

/** Borderless, column-aligned, like `kubectl get`: easy to read and to `grep`. */
const plainChars = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "",
  "mid-mid": "",
  right: "",
  "right-mid": "",
  middle: "  ",
};

/** Rows under an upper-case header, as aligned columns. */
export function renderTable(head: string[], rows: string[][]): string {
  const table = new Table({
    head: head.map((title) => out.bold(title.toUpperCase())),
    chars: plainChars,
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
  });
  table.push(...rows);
  return trimLines(table.toString());
}

/** Label and value pairs, one per line, labels dimmed. */
export function renderFields(fields: [label: string, value: string][]): string {
  const table = new Table({
    chars: plainChars,
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
  });
  table.push(...fields.map(([label, value]) => [out.dim(label), value]));
  return trimLines(table.toString());
}

/** cli-table3 pads the last column; trailing blanks only get in the way of `grep` and diffs. */
function trimLines(text: string): string {
  return text
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n");
}

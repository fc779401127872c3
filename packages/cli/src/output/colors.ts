import pc from "picocolors";

/** picocolors' formatters, switched on or off for one output stream. */
export type Colors = ReturnType<typeof pc.createColors>;

/**
 * Whether to colour what goes to `stream`. NO_COLOR turns colour off and FORCE_COLOR on (as
 * picocolors reads them); otherwise only a terminal gets colour. picocolors' own default also
 * colours when `CI` is set, which would put escape codes into output piped to a file or `jq`.
 */
export function colorEnabled(
  stream: { isTTY?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if ("NO_COLOR" in env) return false;
  if ("FORCE_COLOR" in env) return env.FORCE_COLOR !== "0" && env.FORCE_COLOR !== "false";
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** Colours for standard output: tables and results. */
export const out: Colors = pc.createColors(colorEnabled(process.stdout));

/** Colours for standard error: failures and progress. */
export const err: Colors = pc.createColors(colorEnabled(process.stderr));

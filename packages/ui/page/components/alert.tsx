import type { ComponentChildren } from "preact";
import { describeError } from "../api/connection.js";

/** A message a screen reader announces as it appears: what went wrong. */
export function Alert({ children }: { children: ComponentChildren }) {
  return (
    <p class="error" role="alert">
      {children}
    </p>
  );
}

/** Why a load failed, in the service's own words; nothing while it has not. */
export function LoadError({ error }: { error: unknown }) {
  return error === undefined ? null : <Alert>{describeError(error)}</Alert>;
}

import { requireWorkflow } from "./runtime.js";

/**
 * Whether this execution runs the code after the change `changeId`: `true` for executions that
 * reach this call with the change deployed (it is recorded in their history), `false` for those
 * whose history got here before the change. Wrap a change that would make executions already
 * running diverge, keep the old code in the `else`, and once none of those is left, replace the
 * call with `deprecatePatch(changeId)`. See docs/evolution.md.
 *
 * @example
 * if (patched("fee-before-debit")) {
 *   await chargeFee(transfer);
 *   await debit(transfer);
 * } else {
 *   await debit(transfer);
 * }
 */
export function patched(changeId: string): boolean {
  return requireWorkflow("patched()").patched(checkedId(changeId));
}

/**
 * Says that the change `changeId` is the only code left: executions that recorded `patched()`
 * for it replay past this call, and new ones record nothing. Remove the call once no execution
 * that went through `patched(changeId)` is running.
 *
 * @example
 * deprecatePatch("fee-before-debit");
 * await chargeFee(transfer);
 * await debit(transfer);
 */
export function deprecatePatch(changeId: string): void {
  requireWorkflow("deprecatePatch()").deprecatePatch(checkedId(changeId));
}

function checkedId(changeId: string): string {
  if (typeof changeId !== "string" || changeId.length === 0) {
    throw new TypeError("A patch needs a change id: a non-empty string.");
  }
  return changeId;
}

import { activity, event, signal, Timeout, workflow } from "@eventual/core";
import { z } from "zod";
import { ledger } from "./ledger.js";
import { describeIssues } from "./validation.js";

/**
 * A transfer, as the API and `eventual start workflow transfer --input` give it. The workflow
 * checks its input against this before it moves any money: a start from the CLI or the control API
 * skips the API's checks.
 */
export const transferInput = z.object({
  transferId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and - only"),
  from: z.string().min(1),
  to: z.string().min(1),
  amount: z.number().positive(),
  /** Seconds an approval may take before the transfer expires; an hour unless given. */
  approvalWindow: z.number().positive().default(3600),
});

export type Transfer = z.input<typeof transferInput>;

/** Transfers above this amount wait for an `approve` signal. */
export const approvalLimit = 1000;

export const transferCompleted = event(
  "TransferCompleted",
  z.object({
    transferId: z.string(),
    from: z.string(),
    to: z.string(),
    amount: z.number().positive(),
    time: z.string(),
  }),
);

export const approveSignal = signal<{ approver: string }>("approve");

/** Takes money out of an account; refuses an overdraft. Applied once per transfer id. */
export const debit = activity("debit", (accountId: string, amount: number, transferId: string) =>
  ledger.update((accounts) => {
    const account = accounts[accountId];
    if (!account) throw new BankError("NoSuchAccount", `Account ${accountId} does not exist.`);
    const key = `debit:${transferId}`;
    if (account.applied.includes(key)) return account.balance;
    if (account.balance < amount) {
      throw new BankError("InsufficientFunds", `Account ${accountId} holds ${account.balance}.`);
    }
    account.balance -= amount;
    account.applied.push(key);
    return account.balance;
  }),
);

/** Puts money into an account. Applied once per transfer id (and per purpose, for refunds). */
export const credit = activity(
  "credit",
  { retry: { maxAttempts: 3 } },
  (accountId: string, amount: number, transferId: string, purpose = "credit") =>
    ledger.update((accounts) => {
      const account = accounts[accountId];
      if (!account) throw new BankError("NoSuchAccount", `Account ${accountId} does not exist.`);
      const key = `${purpose}:${transferId}`;
      if (account.applied.includes(key)) return account.balance;
      account.balance += amount;
      account.applied.push(key);
      return account.balance;
    }),
);

/**
 * Moves money between two accounts. An invalid input fails the execution before anything happens;
 * large transfers wait for approval and expire if none comes; a refused debit rejects the
 * transfer; a credit that still fails after its retries is compensated by refunding the debit.
 */
export const transfer = workflow("transfer", async (input: Transfer) => {
  const t = validTransfer(input);
  if (t.amount > approvalLimit) {
    try {
      const { approver } = await approveSignal.expectSignal({ timeout: t.approvalWindow });
      console.log(`transfer ${t.transferId} approved by ${approver}`);
    } catch (error) {
      if (error instanceof Timeout) return { status: "expired" as const };
      throw error;
    }
  }
  try {
    await debit(t.from, t.amount, t.transferId);
  } catch (error) {
    return { status: "rejected" as const, reason: (error as Error).message };
  }
  try {
    await credit(t.to, t.amount, t.transferId);
  } catch (error) {
    await credit(t.from, t.amount, t.transferId, "refund");
    return { status: "refunded" as const, reason: (error as Error).message };
  }
  await transferCompleted.publishEvents({
    transferId: t.transferId,
    from: t.from,
    to: t.to,
    amount: t.amount,
    time: new Date().toISOString(),
  });
  return { status: "completed" as const };
});

/** The input as the schema reads it, or an `InvalidTransfer` error that names each bad field. */
function validTransfer(input: Transfer) {
  const parsed = transferInput.safeParse(input);
  if (!parsed.success) {
    throw new BankError("InvalidTransfer", `Invalid transfer: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

/** A refusal with a name of its own, which reaches the workflow (or the failed execution). */
class BankError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

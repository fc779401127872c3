import {
  api,
  BadRequestError,
  ConflictError,
  getServiceClient,
  HttpResponse,
  NotFoundError,
} from "@eventual/core";
import { z } from "zod";
import { ledger } from "./ledger.js";
import { approveSignal, transfer, transferInput } from "./transfer.js";
import { describeIssues } from "./validation.js";

const newAccount = z.object({
  accountId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ and - only"),
  owner: z.string().min(1),
});
const deposit = z.object({ amount: z.number().positive() });
const newTransfer = transferInput.omit({ approvalWindow: true });

// Refusals are thrown as core's request errors, so they answer in the framework's own shape,
// `{ "error": { "code", "message" } }`, with the status that goes with the code.

api.post("/accounts", async (request) => {
  const { accountId, owner } = parse(newAccount, await request.json());
  const created = ledger.update((accounts) => {
    if (accounts[accountId]) return false;
    accounts[accountId] = { accountId, owner, balance: 0, applied: [], statement: [] };
    return true;
  });
  if (!created) throw new ConflictError(`Account ${accountId} already exists.`);
  return HttpResponse.json({ accountId, owner, balance: 0 }, { status: 201 });
});

api.get("/accounts/:accountId", (request) => {
  const account = ledger.get(request.params.accountId);
  if (!account) throw noSuchAccount(request.params.accountId);
  const { applied, ...visible } = account;
  return visible;
});

api.post("/accounts/:accountId/deposit", async (request) => {
  const { amount } = parse(deposit, await request.json());
  const { accountId } = request.params;
  const balance = ledger.update((accounts) => {
    const account = accounts[accountId];
    if (!account) return undefined;
    account.balance += amount;
    return account.balance;
  });
  if (balance === undefined) throw noSuchAccount(accountId);
  return { accountId, balance };
});

/** Starts a transfer; its id names the execution, so posting it twice starts it once. */
api.post("/transfers", async (request) => {
  const body = parse(newTransfer, await request.json());
  const approvalWindow = Number(process.env.BANK_APPROVAL_WINDOW_SECONDS ?? 3600);
  const execution = await transfer.startExecution({
    input: { ...body, approvalWindow },
    executionName: body.transferId,
  });
  return HttpResponse.json(
    { transferId: body.transferId, executionId: execution.executionId },
    { status: 202 },
  );
});

/** The transfer's execution; the service client answers a transfer never started with a 404. */
api.get("/transfers/:transferId", (request) =>
  getServiceClient().getExecution(executionIdOf(request.params.transferId)),
);

/** Approves a waiting transfer; one that has ended is a 409 from the engine. */
api.post("/transfers/:transferId/approve", async (request) => {
  const { approver = "anonymous" } = await request.json().catch(() => ({}));
  await approveSignal.sendSignal({
    executionId: executionIdOf(request.params.transferId),
    payload: { approver },
  });
  return HttpResponse.json({ approved: request.params.transferId }, { status: 202 });
});

/** The body as `schema` reads it, or a 400 that names each field it refuses. */
function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new BadRequestError(describeIssues(parsed.error));
  return parsed.data;
}

function noSuchAccount(accountId: string): NotFoundError {
  return new NotFoundError(`Account ${accountId} does not exist.`);
}

/** Transfers start with their id as the execution name, so their execution id follows from it. */
function executionIdOf(transferId: string): string {
  return `${transfer.workflowName}~${transferId}`;
}

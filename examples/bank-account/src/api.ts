import { api, executionHandle, HttpResponse } from "@eventual/core";
import { z } from "zod";
import { ledger } from "./ledger.js";
import { approveSignal, transfer } from "./transfer.js";

const newAccount = z.object({
  accountId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  owner: z.string().min(1),
});
const deposit = z.object({ amount: z.number().positive() });
const newTransfer = z.object({
  transferId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  from: z.string(),
  to: z.string(),
  amount: z.number().positive(),
});

api.post("/accounts", async (request) => {
  const body = newAccount.safeParse(await request.json());
  if (!body.success) return badRequest(body.error.message);
  const { accountId, owner } = body.data;
  const created = ledger.update((accounts) => {
    if (accounts[accountId]) return false;
    accounts[accountId] = { accountId, owner, balance: 0, applied: [], statement: [] };
    return true;
  });
  if (!created) return json(409, { error: `Account ${accountId} already exists.` });
  return json(201, { accountId, owner, balance: 0 });
});

api.get("/accounts/:accountId", (request) => {
  const account = ledger.get(request.params.accountId);
  if (!account) return json(404, { error: `Account ${request.params.accountId} does not exist.` });
  const { applied, ...visible } = account;
  return visible;
});

api.post("/accounts/:accountId/deposit", async (request) => {
  const body = deposit.safeParse(await request.json());
  if (!body.success) return badRequest(body.error.message);
  const { accountId } = request.params;
  const balance = ledger.update((accounts) => {
    const account = accounts[accountId];
    if (!account) return undefined;
    account.balance += body.data.amount;
    return account.balance;
  });
  if (balance === undefined) return json(404, { error: `Account ${accountId} does not exist.` });
  return { accountId, balance };
});

/** Starts a transfer; its id names the execution, so posting it twice starts it once. */
api.post("/transfers", async (request) => {
  const body = newTransfer.safeParse(await request.json());
  if (!body.success) return badRequest(body.error.message);
  const approvalWindow = Number(process.env.BANK_APPROVAL_WINDOW_SECONDS ?? 3600);
  const execution = await transfer.startExecution({
    input: { ...body.data, approvalWindow },
    executionName: body.data.transferId,
  });
  return json(202, { transferId: body.data.transferId, executionId: execution.executionId });
});

api.get("/transfers/:transferId", async (request) => {
  const execution = executionHandle(executionIdOf(request.params.transferId));
  return execution.getStatus();
});

api.post("/transfers/:transferId/approve", async (request) => {
  const { approver = "anonymous" } = await request.json().catch(() => ({}));
  await approveSignal.sendSignal({
    executionId: executionIdOf(request.params.transferId),
    payload: { approver },
  });
  return json(202, { approved: request.params.transferId });
});

function json(status: number, body: unknown): HttpResponse {
  return HttpResponse.json(body, { status });
}

function badRequest(message: string): HttpResponse {
  return json(400, { error: message });
}

/** Transfers start with their id as the execution name, so their execution id follows from it. */
function executionIdOf(transferId: string): string {
  return `${transfer.workflowName}~${transferId}`;
}

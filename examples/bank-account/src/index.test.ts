import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TestEnvironment } from "@eventual/testing";
import { beforeEach, describe, expect, it } from "vitest";

process.env.BANK_LEDGER_FILE = join(mkdtempSync(join(tmpdir(), "bank-")), "ledger.json");
process.env.BANK_APPROVAL_WINDOW_SECONDS = "60";
const { approveSignal, ledger, transfer } = await import("./index.js");
type Transfer = import("./index.js").Transfer;

const env = new TestEnvironment({ start: "2026-01-01T00:00:00Z" });

async function call(method: string, path: string, body?: unknown) {
  const response = await env.fetch(path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function openAccount(accountId: string, deposit: number) {
  await call("POST", "/accounts", { accountId, owner: accountId });
  if (deposit > 0) await call("POST", `/accounts/${accountId}/deposit`, { amount: deposit });
}

async function transferStatus(transferId: string) {
  return (await call("GET", `/transfers/${transferId}`)).body;
}

describe("the bank-account service", () => {
  beforeEach(async () => {
    await env.initialize();
    ledger.update((accounts) => {
      for (const id of Object.keys(accounts)) delete accounts[id];
    });
  });

  it("opens accounts, takes deposits and refuses a duplicate account", async () => {
    expect(await call("POST", "/accounts", { accountId: "alice", owner: "Alice" })).toEqual({
      status: 201,
      body: { accountId: "alice", owner: "Alice", balance: 0 },
    });
    expect(await call("POST", "/accounts", { accountId: "alice", owner: "A" })).toEqual({
      status: 409,
      body: { error: { code: "conflict", message: "Account alice already exists." } },
    });
    expect(await call("POST", "/accounts/alice/deposit", { amount: 50 })).toEqual({
      status: 200,
      body: { accountId: "alice", balance: 50 },
    });
  });

  it("refuses bad requests with the framework's error body", async () => {
    await openAccount("alice", 0);
    const negative = await call("POST", "/accounts/alice/deposit", { amount: -5 });
    expect(negative).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    expect(negative.body.error.message).toMatch(/^amount: /);
    expect(await call("GET", "/accounts/nobody")).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: "Account nobody does not exist." } },
    });
    const unnamed = await call("POST", "/transfers", { from: "alice", to: "bob", amount: 5 });
    expect(unnamed).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
    expect(unnamed.body.error.message).toMatch(/^transferId: /);
    expect((await call("GET", "/transfers/t404")).body.error.code).toBe("not_found");
  });

  it("fails a transfer started with an invalid input at once, before any money moves", async () => {
    await openAccount("alice", 100);
    await openAccount("bob", 0);
    // What `eventual start workflow transfer --input '{"from":…}'` sends: no transferId.
    const input = { from: "alice", to: "bob", amount: 20 } as Transfer;
    const execution = await env.startExecution(transfer, input);
    const status = await execution.getStatus();
    expect(status.status).toBe("FAILED");
    expect(status.error).toEqual({
      name: "InvalidTransfer",
      message: "Invalid transfer: transferId: Invalid input: expected string, received undefined",
    });
    const history = await env.getHistory(execution.executionId);
    expect(history.map((event) => event.type)).toEqual(["WorkflowStarted", "WorkflowFailed"]);
    expect([ledger.get("alice")?.balance, ledger.get("bob")?.balance]).toEqual([100, 0]);
  });

  it("moves money and writes both statements", async () => {
    await openAccount("alice", 100);
    await openAccount("bob", 0);
    await call("POST", "/transfers", { transferId: "t1", from: "alice", to: "bob", amount: 30 });
    expect((await transferStatus("t1")).result).toEqual({ status: "completed" });
    expect(ledger.get("alice")?.balance).toBe(70);
    expect(ledger.get("bob")?.balance).toBe(30);
    expect(ledger.get("alice")?.statement.map((l) => l.amount)).toEqual([-30]);
    expect(ledger.get("bob")?.statement.map((l) => [l.amount, l.counterparty])).toEqual([
      [30, "alice"],
    ]);
  });

  it("refunds the debit when the credit keeps failing", async () => {
    await openAccount("alice", 100);
    await call("POST", "/transfers", { transferId: "t2", from: "alice", to: "nobody", amount: 40 });
    await env.tick(3); // the credit's two retries back off 1 s, then 2 s
    const execution = await transferStatus("t2");
    expect(execution.result).toEqual({
      status: "refunded",
      reason: "Account nobody does not exist.",
    });
    expect(ledger.get("alice")?.balance).toBe(100);
    expect(ledger.get("alice")?.statement).toEqual([]);
  });

  it("rejects a transfer the source account cannot cover", async () => {
    await openAccount("alice", 10);
    await openAccount("bob", 0);
    await call("POST", "/transfers", { transferId: "t3", from: "alice", to: "bob", amount: 40 });
    expect((await transferStatus("t3")).result).toEqual({
      status: "rejected",
      reason: "Account alice holds 10.",
    });
  });

  it("waits for approval above the limit, and moves the money once approved", async () => {
    await openAccount("alice", 5000);
    await openAccount("bob", 0);
    await call("POST", "/transfers", { transferId: "t4", from: "alice", to: "bob", amount: 2000 });
    await env.tick(30);
    expect((await transferStatus("t4")).status).toBe("IN_PROGRESS");
    expect(ledger.get("alice")?.balance).toBe(5000);
    const approved = await call("POST", "/transfers/t4/approve", { approver: "carol" });
    expect(approved.status).toBe(202);
    expect((await transferStatus("t4")).result).toEqual({ status: "completed" });
    expect(ledger.get("bob")?.balance).toBe(2000);
  });

  it("expires an unapproved transfer when its window passes", async () => {
    await openAccount("alice", 5000);
    await openAccount("bob", 0);
    await call("POST", "/transfers", { transferId: "t5", from: "alice", to: "bob", amount: 2000 });
    await env.tick(60);
    expect((await transferStatus("t5")).result).toEqual({ status: "expired" });
    expect(ledger.get("alice")?.balance).toBe(5000);
    expect((await call("POST", "/transfers/t5/approve", { approver: "late" })).body).toMatchObject({
      error: { code: "conflict" },
    });
    await expect(
      approveSignal.sendSignal({
        executionId: `${transfer.workflowName}~t5`,
        payload: { approver: "late" },
      }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("starts a transfer posted twice only once", async () => {
    await openAccount("alice", 100);
    await openAccount("bob", 0);
    const first = await call("POST", "/transfers", {
      transferId: "t6",
      from: "alice",
      to: "bob",
      amount: 10,
    });
    const second = await call("POST", "/transfers", {
      transferId: "t6",
      from: "alice",
      to: "bob",
      amount: 10,
    });
    expect(second.body.executionId).toBe(first.body.executionId);
    expect(ledger.get("alice")?.balance).toBe(90);
  });
});

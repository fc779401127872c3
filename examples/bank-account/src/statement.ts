import { ledger } from "./ledger.js";
import { transferCompleted } from "./transfer.js";

/** Keeps each account's statement: one line per completed transfer, written once. */
transferCompleted.onEvent("statement", (completed) => {
  ledger.update((accounts) => {
    const lines = [
      { accountId: completed.from, amount: -completed.amount, counterparty: completed.to },
      { accountId: completed.to, amount: completed.amount, counterparty: completed.from },
    ];
    for (const { accountId, amount, counterparty } of lines) {
      const account = accounts[accountId];
      if (!account || account.statement.some((l) => l.transferId === completed.transferId))
        continue;
      account.statement.push({
        transferId: completed.transferId,
        amount,
        counterparty,
        time: completed.time,
      });
    }
  });
});

/**
 * The bank-account service: open accounts and deposit over the API; move money with the durable
 * `transfer` workflow; approve large transfers with the `approve` signal; read each account's
 * statement, kept by a subscriber of `TransferCompleted`.
 */
import "./api.js";
import "./statement.js";

export type { Account, StatementLine } from "./ledger.js";
export { ledger } from "./ledger.js";
export type { Transfer } from "./transfer.js";
export {
  approvalLimit,
  approveSignal,
  credit,
  debit,
  transfer,
  transferCompleted,
} from "./transfer.js";

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** An account and the transfers already applied to it, so that a retried step applies once. */
export interface Account {
  accountId: string;
  owner: string;
  balance: number;
  applied: string[];
  statement: StatementLine[];
}

export interface StatementLine {
  transferId: string;
  amount: number;
  counterparty: string;
  time: string;
}

/**
 * The bank's own database: a JSON file beside Eventual's data, rewritten atomically. Real
 * services keep this in their database of choice; Eventual has no opinion on it.
 */
export class Ledger {
  constructor(readonly file: string) {}

  get(accountId: string): Account | undefined {
    return this.#read()[accountId];
  }

  /** Applies `change` to the accounts and saves them in one atomic rename. */
  update<T>(change: (accounts: Record<string, Account>) => T): T {
    const accounts = this.#read();
    const result = change(accounts);
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(`${this.file}.tmp`, JSON.stringify(accounts));
    renameSync(`${this.file}.tmp`, this.file);
    return result;
  }

  #read(): Record<string, Account> {
    return existsSync(this.file) ? JSON.parse(readFileSync(this.file, "utf8")) : {};
  }
}

export const ledger = new Ledger(
  resolve(process.env.BANK_LEDGER_FILE ?? ".eventual/bank-ledger.json"),
);

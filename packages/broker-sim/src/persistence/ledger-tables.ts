/** The component name of the paper ledger's tables in the state database's `invest_schema`. */
export const LEDGER_COMPONENT = 'sim-ledger';

/**
 * The paper ledger's tables, one step per schema version (see core's `migrate`). Every row carries
 * its account (one database holds every paper account of an invest home) and `change`: the value
 * of its account's change counter when it was last written, so another process reads what changed
 * since it last looked (`change > seen`) instead of everything. Money and quantities are exact
 * decimal TEXT; times are ISO 8601 text inside order and fill bodies and integer epoch ms in the
 * simulator's own fields (`at`, the account state's `time`). `body` columns hold the canonical JSON
 * of the record the state export shows; the other columns are there to be queried.
 */
export const LEDGER_STEPS: readonly string[] = [
  `CREATE TABLE sim_accounts (
     account TEXT PRIMARY KEY,
     change INTEGER NOT NULL,
     initial_cash TEXT NOT NULL,
     cash TEXT NOT NULL,
     realized_pnl TEXT NOT NULL,
     commissions TEXT NOT NULL,
     state TEXT NOT NULL
   ) STRICT;
   CREATE TABLE sim_orders (
     account TEXT NOT NULL,
     id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     client_order_id TEXT NOT NULL,
     symbol TEXT NOT NULL,
     status TEXT NOT NULL,
     change INTEGER NOT NULL,
     body TEXT NOT NULL,
     PRIMARY KEY (account, id)
   ) STRICT;
   CREATE UNIQUE INDEX sim_orders_client_id ON sim_orders (account, client_order_id);
   CREATE INDEX sim_orders_change ON sim_orders (account, change);
   CREATE TABLE sim_fills (
     account TEXT NOT NULL,
     seq INTEGER NOT NULL,
     order_id TEXT NOT NULL,
     symbol TEXT NOT NULL,
     side TEXT NOT NULL,
     quantity TEXT NOT NULL,
     price TEXT NOT NULL,
     commission TEXT NOT NULL,
     at TEXT NOT NULL,
     change INTEGER NOT NULL,
     body TEXT NOT NULL,
     PRIMARY KEY (account, seq)
   ) STRICT;
   CREATE INDEX sim_fills_change ON sim_fills (account, change);
   CREATE TABLE sim_positions (
     account TEXT NOT NULL,
     symbol TEXT NOT NULL,
     quantity TEXT NOT NULL,
     cost TEXT NOT NULL,
     realized_pnl TEXT NOT NULL,
     change INTEGER NOT NULL,
     PRIMARY KEY (account, symbol)
   ) STRICT;
   CREATE TABLE sim_market (
     account TEXT NOT NULL,
     symbol TEXT NOT NULL,
     change INTEGER NOT NULL,
     body TEXT NOT NULL,
     PRIMARY KEY (account, symbol)
   ) STRICT;
   CREATE TABLE sim_imports (
     account TEXT NOT NULL,
     source TEXT NOT NULL,
     backup TEXT NOT NULL,
     at TEXT NOT NULL
   ) STRICT;`,
];

/**
 * Portfolio history tables in `<home>/state.db` (component `history`). Times are integer
 * milliseconds since the epoch (UTC); money and quantities are exact decimal TEXT.
 *
 * `history_accounts`: one row per account each time its figures changed. `history_fills`: one row
 * per fill of an order placed through the manager, derived from the order's cumulative filled
 * quantity, so `(broker, order_id, filled_total)` identifies it however often the order is seen.
 */
export const HISTORY_MIGRATIONS: readonly string[] = [
  `CREATE TABLE history_accounts (
    id INTEGER PRIMARY KEY,
    broker TEXT NOT NULL,
    at INTEGER NOT NULL,
    currency TEXT NOT NULL,
    equity TEXT NOT NULL,
    cash TEXT NOT NULL,
    positions_value TEXT NOT NULL
  ) STRICT;
  CREATE INDEX history_accounts_broker ON history_accounts (broker, at);
  CREATE INDEX history_accounts_at ON history_accounts (at);
  CREATE TABLE history_fills (
    id INTEGER PRIMARY KEY,
    broker TEXT NOT NULL,
    at INTEGER NOT NULL,
    order_id TEXT NOT NULL,
    client_order_id TEXT NOT NULL,
    symbol TEXT NOT NULL,
    side TEXT NOT NULL,
    quantity TEXT NOT NULL,
    price TEXT NOT NULL,
    filled_total TEXT NOT NULL,
    average_price TEXT NOT NULL,
    UNIQUE (broker, order_id, filled_total)
  ) STRICT;
  CREATE INDEX history_fills_order ON history_fills (broker, order_id, id);
  CREATE INDEX history_fills_at ON history_fills (at);`,
];

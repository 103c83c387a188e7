/**
 * The journal's tables in `<home>/state.db` (component `journal`). Times are integer
 * milliseconds since the epoch (UTC); quantities and prices are exact decimal TEXT.
 *
 * `journal_intents` holds one row per order sent, with its owner (`owner_pid`, `owner_start`;
 * NULL once released: nobody is about to send it) and `state`, the last settling outcome or
 * `pending`. `journal_outcomes` holds every outcome in the order written. The partial indexes
 * keep reconciliation and sightings independent of how many orders the journal has seen.
 *
 * Step 2: `journal_outcomes.after_intent`, the last intent written before the outcome, so the
 * journal reads back in the order written even when records share a millisecond. Outcomes of
 * earlier releases get the last intent written at or before their time (how they read before).
 */
export const JOURNAL_MIGRATIONS: readonly string[] = [
  `CREATE TABLE journal_intents (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    broker TEXT NOT NULL,
    client_order_id TEXT NOT NULL,
    symbol TEXT NOT NULL,
    side TEXT NOT NULL,
    type TEXT NOT NULL,
    quantity TEXT,
    notional TEXT,
    request TEXT NOT NULL,
    owner_pid INTEGER,
    owner_start TEXT,
    state TEXT NOT NULL DEFAULT 'pending',
    order_id TEXT
  ) STRICT;
  CREATE INDEX journal_intents_client ON journal_intents (broker, client_order_id);
  CREATE INDEX journal_intents_at ON journal_intents (at);
  CREATE INDEX journal_intents_pending ON journal_intents (id) WHERE state = 'pending';
  CREATE INDEX journal_intents_absent ON journal_intents (broker, client_order_id) WHERE state = 'absent';
  CREATE TABLE journal_outcomes (
    id INTEGER PRIMARY KEY,
    intent_id INTEGER NOT NULL REFERENCES journal_intents (id),
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    order_id TEXT,
    status TEXT,
    error_code TEXT,
    error_message TEXT
  ) STRICT;
  CREATE INDEX journal_outcomes_intent ON journal_outcomes (intent_id);
  CREATE TABLE journal_imports (
    source TEXT PRIMARY KEY,
    at INTEGER NOT NULL,
    records INTEGER NOT NULL
  ) STRICT;`,
  `ALTER TABLE journal_outcomes ADD COLUMN after_intent INTEGER;
  UPDATE journal_outcomes SET after_intent = coalesce((SELECT max(i.id) FROM journal_intents i WHERE i.at <= journal_outcomes.at), intent_id);`,
];

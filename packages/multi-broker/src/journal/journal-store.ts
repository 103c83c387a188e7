import { Decimal, type OrderRequest } from '@invest/broker-core';
import { transaction } from '@invest/broker-core/state';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { JournalEntry, JournalRecord, OutcomeKind } from './journal-types.ts';
import type { ProcessOwner } from './process-owner.ts';

/** An intent row as reconciliation reads it. */
export interface IntentRow {
  id: number;
  at: number;
  broker: string;
  client_order_id: string;
  request: string;
  owner_pid: number | null;
  owner_start: string | null;
  state: string;
}

/** An outcome to write. */
export interface OutcomeInput {
  at: number;
  kind: OutcomeKind;
  orderId?: string | undefined;
  status?: string | undefined;
  error?: { code: string; message: string } | undefined;
}

const SETTLES = new Set<OutcomeKind>(['accepted', 'rejected', 'denied', 'found', 'absent', 'found_after_absent']);
const iso = (ms: number): string => new Date(ms).toISOString();
const decimalText = (n: number | undefined): string | null => (n === undefined ? null : Decimal.from(n).toString());

/**
 * The journal's SQL, one transaction per record. Every statement is prepared once and reaches
 * rows through an index, so recording costs the same with 100 rows or 100,000.
 */
export class JournalStore {
  readonly #q: Record<string, StatementSync>;

  constructor(readonly db: DatabaseSync) {
    const p = (sql: string) => db.prepare(sql);
    this.#q = {
      insertIntent: p(`INSERT INTO journal_intents (at, broker, client_order_id, symbol, side, type, quantity, notional, request, owner_pid, owner_start, state)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      latest: p('SELECT id, state FROM journal_intents WHERE broker = ? AND client_order_id = ? ORDER BY id DESC LIMIT 1'),
      // Each outcome names the last intent written before it: the order written, whatever the clock.
      insertOutcome: p(`INSERT INTO journal_outcomes (intent_id, at, kind, order_id, status, error_code, error_message, after_intent)
        VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT max(id) FROM journal_intents))`),
      settle: p('UPDATE journal_intents SET state = ?, order_id = coalesce(?, order_id), owner_pid = NULL, owner_start = NULL WHERE id = ?'),
      release: p('UPDATE journal_intents SET owner_pid = NULL, owner_start = NULL WHERE id = ?'),
      pending: p(`SELECT id, at, broker, client_order_id, request, owner_pid, owner_start, state FROM journal_intents WHERE state = 'pending' ORDER BY id`),
      claim: p(`UPDATE journal_intents SET owner_pid = ?, owner_start = ? WHERE id = ? AND state = 'pending' AND owner_pid IS ? AND owner_start IS ?`),
      owned: p(`SELECT state, owner_pid, owner_start FROM journal_intents WHERE id = ?`),
      absent: p(`SELECT id FROM journal_intents WHERE broker = ? AND client_order_id = ? AND state = 'absent' ORDER BY id DESC LIMIT 1`),
      absentSince: p(`SELECT id, at, broker, client_order_id FROM journal_intents WHERE state = 'absent' AND at >= ? ORDER BY id`),
      known: p('SELECT 1 AS one FROM journal_intents WHERE broker = ? AND client_order_id = ? LIMIT 1'),
    };
  }

  /** Writes an intent owned by `owner` (null: nobody, e.g. imported from an old journal). */
  insertIntent(broker: string, request: OrderRequest, at: number, owner: ProcessOwner | null, state = 'pending'): number {
    return transaction(this.db, () => Number(this.#q.insertIntent!.run(
      // An imported record of an old release may lack a field: kept as '' rather than refused.
      at, broker, request.clientOrderId, request.symbol ?? '', request.side ?? '', request.type ?? '',
      decimalText(request.quantity), decimalText(request.notional), JSON.stringify(request), owner?.pid ?? null, owner?.start ?? null, state,
    ).lastInsertRowid));
  }

  /**
   * Writes an outcome for the latest intent of (`broker`, `clientOrderId`) and returns the kind
   * recorded, or undefined when the journal has no such intent. An order accepted or found after
   * it was recorded `absent` is recorded `found_after_absent`.
   */
  recordOutcome(broker: string, clientOrderId: string, outcome: OutcomeInput): OutcomeKind | undefined {
    return transaction(this.db, () => {
      const intent = this.#q.latest!.get(broker, clientOrderId) as { id: number; state: string } | undefined;
      if (!intent) return undefined;
      return this.#apply(intent.id, intent.state, outcome);
    });
  }

  #apply(id: number, state: string, outcome: OutcomeInput): OutcomeKind {
    const kind: OutcomeKind = state === 'absent' && (outcome.kind === 'accepted' || outcome.kind === 'found') ? 'found_after_absent' : outcome.kind;
    this.#q.insertOutcome!.run(id, outcome.at, kind, outcome.orderId ?? null, outcome.status ?? null, outcome.error?.code ?? null, outcome.error?.message ?? null);
    if (SETTLES.has(kind)) this.#q.settle!.run(kind, outcome.orderId ?? null, id);
    else this.#q.release!.run(id);
    return kind;
  }

  /** Intents with no settling outcome, oldest first, whoever owns them. */
  pending(): IntentRow[] {
    return this.#q.pending!.all() as unknown as IntentRow[];
  }

  /** Takes `row` over from its (gone) owner; false when another process took or settled it first. */
  claim(row: IntentRow, self: ProcessOwner): boolean {
    return transaction(this.db, () => Number(this.#q.claim!.run(self.pid, self.start, row.id, row.owner_pid, row.owner_start).changes) === 1);
  }

  /** Settles a claimed intent; false (nothing written) when it is no longer pending and ours. */
  settleClaimed(id: number, self: ProcessOwner, outcome: OutcomeInput): boolean {
    return transaction(this.db, () => {
      const row = this.#q.owned!.get(id) as { state: string; owner_pid: number | null; owner_start: string | null } | undefined;
      if (!row || row.state !== 'pending' || row.owner_pid !== self.pid || row.owner_start !== self.start) return false;
      this.#apply(id, row.state, outcome);
      return true;
    });
  }

  /** Gives a claimed intent up (nobody owns it; the next reconciliation may take it). */
  release(id: number): void {
    transaction(this.db, () => this.#q.release!.run(id));
  }

  /** The latest intent of this order when it is recorded `absent`. */
  absentIntent(broker: string, clientOrderId: string): number | undefined {
    return (this.#q.absent!.get(broker, clientOrderId) as { id: number } | undefined)?.id;
  }

  /** Intents recorded `absent` that were written at or after `since` (ms). */
  absentSince(since: number): Pick<IntentRow, 'id' | 'at' | 'broker' | 'client_order_id'>[] {
    return this.#q.absentSince!.all(since) as unknown as IntentRow[];
  }

  /** Whether any intent of this order was journaled (an order placed through a journal). */
  knows(broker: string, clientOrderId: string): boolean {
    return this.#q.known!.get(broker, clientOrderId) !== undefined;
  }

  /** Intents written at or after `since` (ms), oldest first, each with what became of it. */
  entries(since = 0): JournalEntry[] {
    const rows = this.db.prepare(`SELECT i.at, i.broker, i.client_order_id, i.symbol, i.side, i.type, i.quantity, i.notional, i.state, i.order_id,
        o.kind AS last_kind, o.at AS last_at, o.error_code, o.error_message
      FROM journal_intents i LEFT JOIN journal_outcomes o ON o.id = (SELECT max(id) FROM journal_outcomes WHERE intent_id = i.id)
      WHERE i.at >= ? ORDER BY i.at, i.id`).all(since) as Record<string, string | number | null>[];
    return rows.map((r) => {
      const entry: JournalEntry = {
        at: iso(r.at as number), broker: r.broker as string, clientOrderId: r.client_order_id as string, symbol: r.symbol as string, side: r.side as string, type: r.type as string,
        outcome: r.state !== 'pending' ? (r.state as OutcomeKind) : r.last_kind === 'unknown' ? 'unknown' : 'pending',
      };
      if (r.quantity !== null) entry.quantity = r.quantity as string;
      if (r.notional !== null) entry.notional = r.notional as string;
      if (r.order_id !== null) entry.orderId = r.order_id as string;
      if (r.error_code !== null) entry.error = { code: r.error_code as string, message: (r.error_message as string | null) ?? '' };
      if (r.last_at !== null) entry.settledAt = iso(r.last_at as number);
      return entry;
    });
  }

  /** Every intent and outcome in the order written (the journal as a list of records). */
  records(): JournalRecord[] {
    const intents = this.db.prepare('SELECT id, at, broker, client_order_id, request FROM journal_intents ORDER BY id').all() as Record<string, string | number>[];
    const outcomes = this.db.prepare(`SELECT o.after_intent, o.at, o.kind, o.order_id, o.status, o.error_code, o.error_message, i.broker, i.client_order_id
      FROM journal_outcomes o JOIN journal_intents i ON i.id = o.intent_id ORDER BY o.after_intent, o.id`).all() as Record<string, string | number | null>[];
    const out: JournalRecord[] = [];
    let next = 0;
    const outcomesUpTo = (intentId: number): void => {
      for (; next < outcomes.length && (outcomes[next]!.after_intent as number) <= intentId; next++) out.push(outcomeRecord(outcomes[next]!));
    };
    for (const i of intents) {
      outcomesUpTo((i.id as number) - 1);
      out.push({ type: 'intent', at: iso(i.at as number), broker: i.broker as string, clientOrderId: i.client_order_id as string, request: JSON.parse(i.request as string) as OrderRequest });
    }
    outcomesUpTo(Number.POSITIVE_INFINITY);
    return out;
  }
}

function outcomeRecord(o: Record<string, string | number | null>): JournalRecord {
  const record: JournalRecord = { type: 'outcome', at: iso(o.at as number), broker: o.broker as string, clientOrderId: o.client_order_id as string, kind: o.kind as OutcomeKind };
  if (o.order_id !== null) record.orderId = o.order_id as string;
  if (o.status !== null) record.status = o.status as string;
  if (o.error_code !== null) record.error = { code: o.error_code as string, message: (o.error_message as string | null) ?? '' };
  return record;
}

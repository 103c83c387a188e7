import { ConfigError, isBrokerError, outcomeOf, silentLogger, systemClock, type Clock, type Logger, type Order, type OrderRequest } from '@invest/broker-core';
import { migrate, openStateDatabase, type SyncPolicy } from '@invest/broker-core/state';
import type { DatabaseSync } from 'node:sqlite';
import { JOURNAL_MIGRATIONS } from './journal-schema.ts';
import { JournalStore, type IntentRow } from './journal-store.ts';
import type { JournalEntry, JournalIntent, JournalRecord, ReconcileResult } from './journal-types.ts';
import { importLegacyJournal, type LegacyImport } from './legacy-import.ts';
import { currentOwner } from './process-owner.ts';
import { reconcileJournal, type ReconcileOptions } from './reconcile.ts';

export interface OrderJournalOptions extends ReconcileOptions {
  /** A `journal.jsonl` of an earlier release to import once (then kept beside as `.bak`). */
  legacyJournal?: string;
  /** Sync policy of a database this journal opens itself (default `full`). */
  sync?: SyncPolicy;
}

const errorOf = (error: unknown): { code: string; message: string } =>
  isBrokerError(error) ? { code: error.code, message: error.message } : { code: 'UNKNOWN', message: String((error as Error)?.message ?? error) };

/**
 * The order journal, in the invest home's SQLite database (`<home>/state.db`, tables
 * `journal_*`). Every intent is committed before its order is sent, with its owner (this
 * process: pid and start time), and its outcome after, one transaction per record. On start,
 * `reconcile` settles only the intents whose owner is gone, by looking each order up by client
 * order id, never by sending it again; `absent` needs the whole lookup budget and a settle window
 * after the intent. A later sighting of an order recorded `absent` (`observe`, or an answer)
 * records `found_after_absent` and logs a warning.
 *
 * @example
 * ```ts
 * const journal = await OrderJournal.open(stateDatabasePath(home), { legacyJournal: join(home, 'journal.jsonl') })
 * await journal.reconcile((broker, id) => manager.get(broker).findOrderByClientId(id))
 * ```
 */
export class OrderJournal {
  readonly #store: JournalStore;
  readonly #options: OrderJournalOptions;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #ownsDatabase: boolean;
  /** What was imported from `legacyJournal` when this journal was opened. */
  readonly imported: LegacyImport;

  private constructor(db: DatabaseSync, options: OrderJournalOptions, ownsDatabase: boolean) {
    migrate(db, 'journal', JOURNAL_MIGRATIONS);
    this.#store = new JournalStore(db);
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.logger ?? silentLogger;
    this.#ownsDatabase = ownsDatabase;
    this.imported = options.legacyJournal ? importLegacyJournal(this.#store, options.legacyJournal) : { records: 0, skipped: 0 };
    if (this.imported.records > 0) this.#log.info('journal imported', { from: options.legacyJournal, ...this.imported });
  }

  /** Opens the journal in the database at `file` (`<home>/state.db`, or `':memory:'`), creating its tables. */
  static async open(file: string, options: OrderJournalOptions = {}): Promise<OrderJournal> {
    if (file.endsWith('.jsonl')) {
      throw new ConfigError(`OrderJournal.open takes the state database (<home>/state.db), not ${file}: give that as legacyJournal to import it`, { path: file });
    }
    return new OrderJournal(openStateDatabase(file, options.sync ? { sync: options.sync } : {}), options, true);
  }

  /** The journal in an already open state database (shared with the history and the paper ledger). */
  static attach(db: DatabaseSync, options: OrderJournalOptions = {}): OrderJournal {
    return new OrderJournal(db, options, false);
  }

  #at(): number {
    return this.#clock.now();
  }

  /** Records that `request` is about to be sent to `broker`, owned by this process. */
  async recordIntent(broker: string, request: OrderRequest): Promise<void> {
    this.#store.insertIntent(broker, request, this.#at(), currentOwner());
  }

  async recordAccepted(broker: string, order: Order): Promise<void> {
    this.#outcome(broker, order.clientOrderId, 'accepted', order);
  }

  /** Records that an order whose answer was lost was found by lookup. */
  async recordFound(broker: string, order: Order): Promise<void> {
    this.#outcome(broker, order.clientOrderId, 'found', order);
  }

  /** Records a failed submission as denied, rejected or unknown, by `outcomeOf(error)`. */
  async recordFailure(broker: string, clientOrderId: string, error: unknown): Promise<void> {
    this.#store.recordOutcome(broker, clientOrderId, { at: this.#at(), kind: outcomeOf(error), error: errorOf(error) });
  }

  #outcome(broker: string, clientOrderId: string, kind: 'accepted' | 'found', order: Order): void {
    const recorded = this.#store.recordOutcome(broker, clientOrderId, { at: this.#at(), kind, orderId: order.id, status: order.status });
    if (recorded === 'found_after_absent') this.#warnFoundAfterAbsent(broker, order);
  }

  #warnFoundAfterAbsent(broker: string, order: Order): void {
    this.#log.warn('journal: an order recorded absent was found at the broker; recorded found_after_absent', { broker, clientOrderId: order.clientOrderId, orderId: order.id, status: order.status });
  }

  /**
   * Looks at orders a broker reported (a listing, a lookup, an update): one recorded `absent` is
   * recorded `found_after_absent`, with a warning. Returns those.
   */
  observe(broker: string, orders: readonly Order[]): Order[] {
    const found: Order[] = [];
    try {
      for (const order of orders) {
        if (this.#store.absentIntent(broker, order.clientOrderId) === undefined) continue;
        this.#outcome(broker, order.clientOrderId, 'found', order);
        found.push(order);
      }
    } catch (error) {
      // A sighting is a bonus: a busy database must not fail the listing that showed the order.
      this.#log.warn('journal: could not check orders against absent intents', { broker, error });
    }
    return found;
  }

  /** Whether an order with this client order id was sent to `broker` through this journal. */
  knows(broker: string, clientOrderId: string): boolean {
    return this.#store.knows(broker, clientOrderId);
  }

  /** Every intent and outcome, in the order written. */
  records(): JournalRecord[] {
    return this.#store.records();
  }

  /** Intents with no settling outcome, oldest first, whoever owns them. */
  pending(): JournalIntent[] {
    return this.#store.pending().map((r: IntentRow) => ({
      type: 'intent', at: new Date(r.at).toISOString(), broker: r.broker, clientOrderId: r.client_order_id, request: JSON.parse(r.request) as OrderRequest,
    }));
  }

  /**
   * Intents written since `since` (a Date or ms; default all), oldest first, each with its
   * outcome, order id and error: the audit trail `invest journal` prints.
   */
  entries(options: { since?: Date | number } = {}): JournalEntry[] {
    return this.#store.entries(options.since === undefined ? 0 : Number(options.since));
  }

  /**
   * Settles the intents no live process owns, by lookup (see `reconcileJournal`). Options given
   * here override those the journal was opened with.
   */
  reconcile(lookup: (broker: string, clientOrderId: string) => Promise<Order | undefined>, options: ReconcileOptions = {}): Promise<ReconcileResult[]> {
    return reconcileJournal(this.#store, lookup, { clock: this.#clock, logger: this.#log, ...this.#options, ...options });
  }

  /** Closes the database when this journal opened it (`open`); an attached database stays open. */
  async close(): Promise<void> {
    if (this.#ownsDatabase && this.#store.db.isOpen) this.#store.db.close();
  }
}

import { open, readFile, mkdir, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isBrokerError, outcomeOf, type Order, type OrderRequest } from '@invest/broker-core';

/** An order about to be sent. Written and fsync'd before the order leaves the process. */
export interface JournalIntent {
  type: 'intent';
  at: string;
  broker: string;
  clientOrderId: string;
  request: OrderRequest;
}

/**
 * What became of an intent. `accepted` / `rejected` / `denied` come from the submission itself;
 * `unknown` says the answer was lost (it does not settle the intent); `found` / `absent` come from
 * reconciliation by lookup.
 */
export interface JournalOutcome {
  type: 'outcome';
  at: string;
  broker: string;
  clientOrderId: string;
  kind: 'accepted' | 'rejected' | 'denied' | 'unknown' | 'found' | 'absent';
  orderId?: string;
  status?: string;
  error?: { code: string; message: string };
}

export type JournalRecord = JournalIntent | JournalOutcome;

const SETTLING = new Set<JournalOutcome['kind']>(['accepted', 'rejected', 'denied', 'found', 'absent']);

export interface ReconcileResult {
  broker: string;
  clientOrderId: string;
  kind: 'found' | 'absent' | 'still_unknown';
  order?: Order;
}

/**
 * Append-only order journal (JSON lines, each fsync'd). Every order intent is written before it
 * is sent and its outcome after; on start, intents with no settled outcome are reconciled by
 * looking the order up by client order id — never by sending it again — before any new order
 * goes out. A record torn by a crash mid-write (the last line only) is skipped when read.
 *
 * @example
 * ```ts
 * const journal = await OrderJournal.open(join(home, 'journal.jsonl'))
 * await journal.reconcile((broker, id) => manager.get(broker).findOrderByClientId(id))
 * ```
 */
export class OrderJournal {
  readonly #records: JournalRecord[];
  #handle: FileHandle | undefined;
  /** Records are appended one after another (legs of a distributed order write at once). */
  #tail: Promise<void> = Promise.resolve();
  /** Lines that could not be read (a torn final write). */
  readonly skipped: number;

  private constructor(readonly path: string, records: JournalRecord[], skipped: number) {
    this.#records = records;
    this.skipped = skipped;
  }

  static async open(path: string): Promise<OrderJournal> {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return '';
      throw e;
    });
    const records: JournalRecord[] = [];
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        records.push(JSON.parse(line) as JournalRecord);
      } catch {
        skipped += 1;
      }
    }
    const journal = new OrderJournal(path, records, skipped);
    // A torn last line has no newline after it: start the next record on a fresh line.
    if (text.length > 0 && !text.endsWith('\n')) await journal.#append('');
    return journal;
  }

  get records(): readonly JournalRecord[] {
    return this.#records;
  }

  #append(line: string): Promise<void> {
    // Chained, so two records written at once open the file once (a second, unclosed handle was
    // left to the garbage collector) and land in the order they were written.
    const next = this.#tail.then(async () => {
      this.#handle ??= await open(this.path, 'a', 0o600);
      // One write per record: with O_APPEND another process's record never interleaves with it.
      await this.#handle.write(`${line}\n`);
      await this.#handle.sync();
    });
    this.#tail = next.catch(() => {});
    return next;
  }

  async #write(record: JournalRecord): Promise<void> {
    await this.#append(JSON.stringify(record));
    this.#records.push(record);
  }

  async recordIntent(broker: string, request: OrderRequest): Promise<void> {
    await this.#write({ type: 'intent', at: new Date().toISOString(), broker, clientOrderId: request.clientOrderId, request });
  }

  async recordAccepted(broker: string, order: Order): Promise<void> {
    await this.#write({ type: 'outcome', at: new Date().toISOString(), broker, clientOrderId: order.clientOrderId, kind: 'accepted', orderId: order.id, status: order.status });
  }

  /** Records that an order whose answer was lost was found by lookup. */
  async recordFound(broker: string, order: Order): Promise<void> {
    await this.#write({ type: 'outcome', at: new Date().toISOString(), broker, clientOrderId: order.clientOrderId, kind: 'found', orderId: order.id, status: order.status });
  }

  /** Records a failed submission as denied, rejected or unknown, by `outcomeOf(error)`. */
  async recordFailure(broker: string, clientOrderId: string, error: unknown): Promise<void> {
    const kind = outcomeOf(error);
    await this.#write({
      type: 'outcome', at: new Date().toISOString(), broker, clientOrderId, kind,
      error: isBrokerError(error) ? { code: error.code, message: error.message } : { code: 'UNKNOWN', message: String((error as Error)?.message ?? error) },
    });
  }

  /** Intents with no settling outcome, oldest first. */
  pending(): JournalIntent[] {
    const settled = new Set<string>();
    for (const r of this.#records) if (r.type === 'outcome' && SETTLING.has(r.kind)) settled.add(`${r.broker}\u0000${r.clientOrderId}`);
    return this.#records.filter((r): r is JournalIntent => r.type === 'intent' && !settled.has(`${r.broker}\u0000${r.clientOrderId}`));
  }

  /**
   * Looks up every pending intent. Found: recorded `found` with its id. Proved absent (the lookup
   * answered "no such order"): recorded `absent` — it was never placed, and is not resent. A lookup
   * that fails leaves the intent pending (`still_unknown`) for the next reconciliation.
   */
  async reconcile(lookup: (broker: string, clientOrderId: string) => Promise<Order | undefined>): Promise<ReconcileResult[]> {
    const results: ReconcileResult[] = [];
    for (const intent of this.pending()) {
      let order: Order | undefined;
      try {
        order = await lookup(intent.broker, intent.clientOrderId);
      } catch {
        results.push({ broker: intent.broker, clientOrderId: intent.clientOrderId, kind: 'still_unknown' });
        continue;
      }
      const at = new Date().toISOString();
      if (order) {
        await this.#write({ type: 'outcome', at, broker: intent.broker, clientOrderId: intent.clientOrderId, kind: 'found', orderId: order.id, status: order.status });
        results.push({ broker: intent.broker, clientOrderId: intent.clientOrderId, kind: 'found', order });
      } else {
        await this.#write({ type: 'outcome', at, broker: intent.broker, clientOrderId: intent.clientOrderId, kind: 'absent' });
        results.push({ broker: intent.broker, clientOrderId: intent.clientOrderId, kind: 'absent' });
      }
    }
    return results;
  }

  /** Closes the file once every record written so far is on disk; the next record opens it again. */
  async close(): Promise<void> {
    await this.#tail;
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }
}

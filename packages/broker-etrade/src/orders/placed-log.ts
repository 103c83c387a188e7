import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** One line of the log: a place about to be sent (with its preview), or the order id it got. */
export interface PlacedEntry {
  /** Core's client order id. */
  clientOrderId: string;
  /** The `clientOrderId` E*TRADE was sent (see `etradeClientOrderId`). */
  sent: string;
  /** The preview the place repeats: the order detail carries it. */
  previewId: string;
  /** Set once the place answered. */
  orderId?: string;
}

/**
 * What this home placed at E*TRADE, one JSON line per event, under `<home>/etrade/<name>.placed.jsonl`.
 * E*TRADE does not echo client order ids, so without it another process (after a crash, the
 * journal's reconciliation, `invest orders`) could not tell which order a client order id named.
 * A line is written before each place is sent (client order id, preview id) and after it
 * answered (order id); an order found later by its preview id is the one the place made.
 * Without a home (tests, embedded use) it keeps nothing and finds nothing.
 *
 * @example
 * ```ts
 * const log = new PlacedLog(placedLogPath(home, 'etrade-main'))
 * await log.record({ clientOrderId, sent, previewId })
 * ```
 */
export class PlacedLog {
  readonly path: string | undefined;
  #entries: Map<string, PlacedEntry> | undefined;

  constructor(path: string | undefined) {
    this.path = path;
  }

  /** Appends one event; a place is never sent before its line is on disk. */
  async record(entry: PlacedEntry): Promise<void> {
    const entries = await this.#load();
    entries.set(entry.clientOrderId, { ...entries.get(entry.clientOrderId), ...entry });
    if (this.path === undefined) return;
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await appendFile(this.path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }

  /** What is known about a client order id, merged over its lines. */
  async find(clientOrderId: string): Promise<PlacedEntry | undefined> {
    return (await this.#load()).get(clientOrderId);
  }

  /** E*TRADE order id -> core client order id, for every place that answered. */
  async clientIds(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const e of (await this.#load()).values()) if (e.orderId !== undefined) out.set(e.orderId, e.clientOrderId);
    return out;
  }

  async #load(): Promise<Map<string, PlacedEntry>> {
    if (this.#entries) return this.#entries;
    const entries = new Map<string, PlacedEntry>();
    const text = this.path === undefined ? '' : await readFile(this.path, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? '' : Promise.reject(e)));
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const entry = JSON.parse(line) as PlacedEntry;
        if (typeof entry.clientOrderId === 'string') entries.set(entry.clientOrderId, { ...entries.get(entry.clientOrderId), ...entry });
      } catch {
        // A line torn by a crash mid-write: the entries before and after it still count.
      }
    }
    this.#entries ??= entries;
    return this.#entries;
  }
}

/**
 * Where an instance's placed log lives in the invest home; undefined without a home.
 *
 * @example
 * ```ts
 * placedLogPath('/home/me/.invest', 'etrade-main') // '/home/me/.invest/etrade/etrade-main.placed.jsonl'
 * ```
 */
export function placedLogPath(home: string | undefined, name: string): string | undefined {
  return home === undefined ? undefined : join(home, 'etrade', `${encodeURIComponent(name)}.placed.jsonl`);
}

import { EventName, type IBApi } from '@stoqey/ib';

/** One request waiting for its answer, as the book sees it. */
export interface Waiting {
  /** The request / order ids TWS's errors for it carry (none: it hears of no error by id). */
  readonly ids: readonly number[];
  /** An error TWS sent for one of its ids. */
  error(error: Error, code: number): void;
  /** An openOrder for one of its ids reached the tracker. */
  echo(id: number): void;
  /** The connection dropped (or was closed). */
  down(): void;
  /** Its deadline passed. */
  expire(): void;
}

/** A request as the book keeps it (see `RequestBook.add`). */
export interface RequestEntry {
  waiting: Waiting;
  /** performance.now() when it expires; Infinity until armed. */
  at: number;
  live: boolean;
}

/**
 * The requests waiting on one connection, so that one listener serves them all: TWS errors and
 * order echoes are routed by id, a drop reaches every request, and deadlines share one timer (a request's timer of
 * its own cost a timer list and an async resource per order). The timer never keeps the process
 * alive (unref'd): a request waits on the connection's socket, which does while it is open, and
 * a drop ends every request; `close()` clears it.
 *
 * @example
 * ```ts
 * const book = new RequestBook(ib)
 * const entry = book.add({ ids: [12], error, down, expire })
 * book.arm(entry, 10_000) // once the message went out
 * book.remove(entry) // answered
 * ```
 */
export class RequestBook {
  readonly #byId = new Map<number, RequestEntry[]>();
  readonly #live = new Set<RequestEntry>();
  /** Armed entries in deadline order (every request of a connection waits equally long, mostly). */
  #deadlines: RequestEntry[] = [];
  #head = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = Number.POSITIVE_INFINITY;

  constructor(ib: IBApi) {
    ib.on(EventName.error, (error: Error, code: number, id: number) => {
      const entries = this.#byId.get(id);
      if (!entries) return;
      // A copy: a request that settles removes itself while we go through them.
      for (const entry of [...entries]) if (entry.live) entry.waiting.error(error, code);
    });
  }

  /** An openOrder for `id` reached the tracker: the requests waiting for that id hear of it. */
  echo(id: number): void {
    const entries = this.#byId.get(id);
    if (!entries) return;
    // A copy when several wait: a request that settles removes itself while we go through them.
    for (const entry of entries.length === 1 ? entries : [...entries]) if (entry.live) entry.waiting.echo(id);
  }

  /** Starts following a request (errors for its ids, drops); `arm` starts its deadline. */
  add(waiting: Waiting): RequestEntry {
    const entry: RequestEntry = { waiting, at: Number.POSITIVE_INFINITY, live: true };
    this.#live.add(entry);
    for (const id of waiting.ids) {
      const list = this.#byId.get(id);
      if (list) list.push(entry);
      else this.#byId.set(id, [entry]);
    }
    return entry;
  }

  /** Its deadline: `expire` runs in `ms` unless it was removed before. */
  arm(entry: RequestEntry, ms: number): void {
    if (!entry.live) return;
    entry.at = performance.now() + ms;
    const last = this.#deadlines[this.#deadlines.length - 1];
    this.#deadlines.push(entry);
    // Out of order (a shorter wait after a longer one): keep the queue sorted.
    if (last !== undefined && last.at > entry.at) this.#deadlines.sort((a, b) => a.at - b.at);
    if (entry.at < this.#timerAt) this.#schedule(entry.at);
  }

  /** Stops following a request (it settled). */
  remove(entry: RequestEntry): void {
    if (!entry.live) return;
    entry.live = false;
    this.#live.delete(entry);
    for (const id of entry.waiting.ids) {
      const list = this.#byId.get(id);
      if (!list) continue;
      if (list.length === 1) this.#byId.delete(id);
      else list.splice(list.indexOf(entry), 1);
    }
    if (this.#live.size === 0) {
      // Nothing waits: the armed timer may fire later, and finds nothing to expire.
      this.#deadlines = [];
      this.#head = 0;
    }
  }

  /** The connection dropped: every request hears it. */
  dropAll(): void {
    for (const entry of [...this.#live]) entry.waiting.down();
  }

  /** Clears the timer (the connection was closed). */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }

  #schedule(at: number): void {
    clearTimeout(this.#timer);
    this.#timerAt = at;
    this.#timer = setTimeout(() => this.#onTimer(), Math.max(0, Math.ceil(at - performance.now()))).unref();
  }

  #onTimer(): void {
    this.#timer = undefined;
    this.#timerAt = Number.POSITIVE_INFINITY;
    const now = performance.now();
    while (this.#head < this.#deadlines.length) {
      const entry = this.#deadlines[this.#head]!;
      if (entry.live && entry.at > now) break;
      this.#head++;
      if (entry.live) entry.waiting.expire();
    }
    if (this.#head > 1_024 && this.#head * 2 > this.#deadlines.length) {
      this.#deadlines = this.#deadlines.slice(this.#head);
      this.#head = 0;
    }
    const next = this.#deadlines[this.#head];
    if (next !== undefined) this.#schedule(next.at);
  }
}

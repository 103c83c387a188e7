import type { PortfolioSource } from '../model/portfolio-source.ts';
import { readSnapshot } from '../model/read-snapshot.ts';
import type { PortfolioSnapshot } from '../model/snapshot.ts';

export interface LiveFeedOptions {
  /** How often the accounts are read for changes made elsewhere (another `invest` process). Default 500 ms. */
  pollMs?: number;
  /** How often an account that is down is asked to connect again. Default 2000 ms. */
  reconnectMs?: number;
  /** Told of every snapshot read (e.g. to record history). */
  onSnapshot?: (snapshot: PortfolioSnapshot) => void;
  read?: (source: PortfolioSource) => Promise<PortfolioSnapshot>;
}

type Listener = (snapshot: PortfolioSnapshot) => void;
const LIVE_EVENTS = ['order', 'fill', 'account', 'connected', 'disconnected'] as const;

/** What changed between two snapshots; the read time alone is no change. */
const digest = (s: PortfolioSnapshot): string => JSON.stringify({ ...s, at: '' });

/**
 * Keeps the latest snapshot and tells listeners when it changes. It reads the accounts every
 * `pollMs` (a fill placed by another process shows only in a read) and at once when a broker
 * emits an order, fill, account or connection event. Reads never overlap: a change during a read
 * queues exactly one more. Accounts that are down are asked to connect again every `reconnectMs`.
 *
 * @example
 * ```ts
 * const feed = new LiveFeed(manager, { pollMs: 500 })
 * const stop = feed.subscribe((snapshot) => send(snapshot))
 * feed.start()
 * ```
 */
export class LiveFeed {
  readonly #source: PortfolioSource;
  readonly #options: Required<Pick<LiveFeedOptions, 'pollMs' | 'reconnectMs'>> & LiveFeedOptions;
  readonly #listeners = new Set<Listener>();
  readonly #unsubscribe: (() => void)[] = [];
  #latest: PortfolioSnapshot | undefined;
  #latestDigest = '';
  #reading: Promise<PortfolioSnapshot> | undefined;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #lastReconnect = 0;
  #stopped = false;

  constructor(source: PortfolioSource, options: LiveFeedOptions = {}) {
    this.#source = source;
    this.#options = { pollMs: 500, reconnectMs: 2_000, ...options };
  }

  /** Starts polling and listening to the brokers' events. */
  start(): void {
    for (const name of this.#source.names) {
      const events = this.#source.get(name).events;
      const poke = (): void => void this.refresh().catch(() => undefined);
      for (const e of LIVE_EVENTS) events.on(e, poke);
      this.#unsubscribe.push(() => {
        for (const e of LIVE_EVENTS) events.off(e, poke);
      });
    }
    const tick = (): void => {
      if (this.#stopped) return;
      this.refresh().catch(() => undefined).finally(() => {
        if (!this.#stopped) this.#timer = setTimeout(tick, this.#options.pollMs);
      });
    };
    this.#timer = setTimeout(tick, this.#options.pollMs);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#listeners.clear();
  }

  /** The latest snapshot (read now when there is none yet). */
  current(): Promise<PortfolioSnapshot> {
    return this.#latest ? Promise.resolve(this.#latest) : this.refresh();
  }

  /** Calls `listener` with every changed snapshot; returns the function that stops it. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Reads the accounts now (or once more after the read under way) and tells listeners of a change. */
  refresh(): Promise<PortfolioSnapshot> {
    if (this.#reading) {
      this.#again = true;
      return this.#reading;
    }
    this.#reading = this.#read().finally(() => {
      this.#reading = undefined;
      if (this.#again && !this.#stopped) {
        this.#again = false;
        void this.refresh().catch(() => undefined);
      }
    });
    return this.#reading;
  }

  async #read(): Promise<PortfolioSnapshot> {
    await this.#reconnectDownAccounts();
    const snapshot = await (this.#options.read ?? readSnapshot)(this.#source);
    this.#options.onSnapshot?.(snapshot);
    const d = digest(snapshot);
    this.#latest = snapshot;
    if (d !== this.#latestDigest) {
      this.#latestDigest = d;
      for (const l of this.#listeners) l(snapshot);
    }
    return snapshot;
  }

  /** Connecting is a read-side step (no order, no state of the portfolio changes); one that fails stays on the card. */
  async #reconnectDownAccounts(): Promise<void> {
    if (!this.#latest || Date.now() - this.#lastReconnect < this.#options.reconnectMs) return;
    const down = this.#latest.accounts.filter((a) => a.state !== 'connected').map((a) => a.name);
    if (down.length === 0) return;
    this.#lastReconnect = Date.now();
    await Promise.all(down.map((name) => this.#source.get(name).connect().catch(() => undefined)));
  }
}

import type { EventEmitter } from 'eventemitter3';
import type { BrokerEvents, Logger, PluginContext } from '@invest/broker-core';
import type { AlpacaConfig, AlpacaEndpoints } from './config.ts';
import { resolveAlpacaKeys, type AlpacaKeys } from './credentials.ts';
import { createAlpacaHttp, type AlpacaHttp } from './http/client.ts';
import type { TradeUpdate } from './schemas/stream.ts';
import { TradeUpdatesStream, type StreamState } from './stream.ts';
import { TUNING_DEFAULTS, type AlpacaTuning } from './tuning.ts';

/** What a session is made of and whom it tells. */
export interface SessionOptions {
  config: AlpacaConfig;
  ctx: PluginContext;
  tuning: AlpacaTuning;
  endpoints: AlpacaEndpoints;
  logger: Logger;
  /** The adapter's events: `connected` / `disconnected` are emitted here. */
  events: EventEmitter<BrokerEvents>;
  /** Reads the account, to prove the keys on `connect`. */
  checkKeys(http: AlpacaHttp): Promise<unknown>;
  /** Each trade update from the stream. */
  onUpdate(update: TradeUpdate): void;
  /** After the stream came back: read back what changed since `downSince` (epoch ms). */
  reconcile(downSince: number): Promise<void>;
}

/**
 * One account's connection: the key pair and HTTP clients (made on first use), and the
 * `connect` / `disconnect` lifecycle with the trade_updates stream (reconnects, then reconciles
 * before `connected` is emitted again).
 *
 * @example
 * ```ts
 * const session = new AlpacaSession({ config, ctx, tuning, endpoints, logger, events, checkKeys, onUpdate, reconcile })
 * await session.connect()
 * const http = await session.http()
 * ```
 */
export class AlpacaSession {
  readonly #o: SessionOptions;
  #open: Promise<{ keys: AlpacaKeys; http: AlpacaHttp }> | undefined;
  #stream: TradeUpdatesStream | undefined;
  #connected = false;
  #connecting: Promise<void> | undefined;
  #reconciling: Promise<void> | undefined;

  constructor(options: SessionOptions) {
    this.#o = options;
  }

  get connected(): boolean {
    return this.#connected;
  }

  get streamState(): StreamState {
    return this.#stream?.state ?? 'idle';
  }

  /** The HTTP clients, made once (and again after a failure to read the keys). */
  async http(): Promise<AlpacaHttp> {
    return (await this.#keysAndHttp()).http;
  }

  /** Proves the keys and, with streaming on, opens the stream. Two callers at once share one attempt. */
  connect(): Promise<void> {
    if (this.#connected) return Promise.resolve();
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async disconnect(): Promise<void> {
    const wasConnected = this.#connected;
    this.#connected = false;
    await this.#stream?.stop();
    // A reconciliation under way stops at its next step; wait for it, at most one request timeout.
    if (this.#reconciling) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.#reconciling, new Promise<void>((resolve) => (timer = setTimeout(resolve, this.#o.config.timeoutMs)))]);
      clearTimeout(timer);
    }
    if (wasConnected) this.#o.events.emit('disconnected', 'client disconnect');
  }

  async #connect(): Promise<void> {
    const { keys, http } = await this.#keysAndHttp();
    await this.#o.checkKeys(http);
    if (this.#o.config.streaming) {
      const stream = this.#createStream(keys);
      try {
        await stream.start();
      } catch (error) {
        await stream.stop();
        throw error;
      }
      this.#stream = stream;
    }
    this.#connected = true;
    this.#o.events.emit('connected');
  }

  #keysAndHttp(): Promise<{ keys: AlpacaKeys; http: AlpacaHttp }> {
    if (!this.#open) {
      const { config, ctx, tuning, endpoints, logger } = this.#o;
      const pending = (async () => {
        const keys = await resolveAlpacaKeys(config, ctx.name, ctx.credentials);
        const http = createAlpacaHttp({
          endpoints, keys, rateLimitPerMinute: config.rateLimitPerMinute, timeoutMs: config.timeoutMs,
          clock: ctx.clock, logger, fetch: ctx.fetch, retry: tuning.retry, random: tuning.random,
        });
        return { keys, http };
      })();
      this.#open = pending;
      pending.catch(() => {
        if (this.#open === pending) this.#open = undefined;
      });
    }
    return this.#open;
  }

  #createStream(keys: AlpacaKeys): TradeUpdatesStream {
    const { config, ctx, tuning, endpoints, logger, events } = this.#o;
    return new TradeUpdatesStream({
      url: endpoints.stream,
      keys,
      clock: ctx.clock,
      logger,
      handshakeTimeoutMs: tuning.handshakeTimeoutMs ?? config.timeoutMs,
      reconnect: tuning.reconnect ?? TUNING_DEFAULTS.reconnect,
      random: tuning.random ?? Math.random,
      WebSocket: tuning.WebSocket,
      onUpdate: (update) => this.#o.onUpdate(update),
      onDown: (reason) => events.emit('disconnected', `trade_updates stream ${reason}; reconnecting`),
      onBack: async (downSince) => {
        const run = this.#o.reconcile(downSince);
        this.#reconciling = run.catch(() => {});
        await run;
        if (this.#connected) events.emit('connected');
      },
      onError: (error) => events.emit('error', error),
    });
  }
}

import {
  AuthenticationError,
  BrokerError,
  BrokerProtocolError,
  ConnectionError,
  formatIssues,
  isBrokerError,
  type Clock,
  type Logger,
} from '@invest/broker-core';
import type { AlpacaKeys } from './credentials.ts';
import { AuthorizationDataSchema, ListeningDataSchema, StreamEnvelopeSchema, TradeUpdateSchema, type TradeUpdate } from './schemas/stream.ts';

/** The stream this adapter listens to. */
export const TRADE_UPDATES = 'trade_updates';

/** Where the stream is in its life. */
export type StreamState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Reconnect backoff: full jitter between 0 and min(max, base x 2^(attempt-1)). */
export interface ReconnectOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** A WebSocket constructor (the runtime's by default; tests and proxies may pass another). */
export type WebSocketFactory = new (url: string) => WebSocket;

export interface TradeUpdatesStreamOptions {
  url: string;
  keys: AlpacaKeys;
  clock: Clock;
  logger: Logger;
  /** Time to open, authenticate and start listening. */
  handshakeTimeoutMs: number;
  reconnect: ReconnectOptions;
  random: () => number;
  WebSocket?: WebSocketFactory | undefined;
  /** Each `trade_updates` message, in arrival order. */
  onUpdate(update: TradeUpdate): void;
  /** The stream dropped; it is reconnecting. */
  onDown(reason: string): void;
  /** The stream is back (authenticated and listening); `downSince` is when it dropped (epoch ms). */
  onBack(downSince: number): Promise<void>;
  /** Something went wrong that no caller is waiting for (a bad message, a refused re-login). */
  onError(error: BrokerError): void;
}

/** Normal closure, sent when we close on purpose. */
const NORMAL_CLOSURE = 1000;

/**
 * Alpaca's `trade_updates` websocket: connect, authenticate (`authenticate` with the key pair),
 * listen, and hand every trade update on in order. When it drops, it reconnects with backoff,
 * authenticates and listens again, then calls `onBack` so the owner can reconcile what changed
 * meanwhile. A refused login stops the loop (a key that was refused will be refused again).
 * Paper sends binary frames and live text frames; both are read.
 *
 * @example
 * ```ts
 * const stream = new TradeUpdatesStream({ url, keys, clock, logger, handshakeTimeoutMs: 10_000,
 *   reconnect: { baseDelayMs: 500, maxDelayMs: 30_000 }, random: Math.random,
 *   onUpdate: (u) => tracker.event(...), onDown: () => {}, onBack: (since) => reconcile(since), onError: () => {} })
 * await stream.start()
 * ```
 */
export class TradeUpdatesStream {
  readonly #o: TradeUpdatesStreamOptions;
  #socket: WebSocket | undefined;
  #state: StreamState = 'idle';
  /** Bumped by `stop` and by every drop, so a stale reconnect loop or socket stops acting. */
  #generation = 0;
  #abortHandshake: ((error: BrokerError) => void) | undefined;
  /** Messages are handled one after another, even when one needs an async decode (a Blob). */
  #queue: Promise<void> = Promise.resolve();

  constructor(options: TradeUpdatesStreamOptions) {
    this.#o = options;
  }

  get state(): StreamState {
    return this.#state;
  }

  /** Opens the stream; resolves once it is authenticated and listening. */
  async start(): Promise<void> {
    if (this.#state === 'open' || this.#state === 'connecting' || this.#state === 'reconnecting') return;
    const generation = ++this.#generation;
    this.#state = 'connecting';
    try {
      await this.#open(generation);
      this.#state = 'open';
    } catch (error) {
      if (generation === this.#generation) this.#state = 'closed';
      throw error;
    }
  }

  /** Closes the stream and stops reconnecting. */
  async stop(): Promise<void> {
    this.#generation += 1;
    this.#state = 'closed';
    this.#abortHandshake?.(new ConnectionError('alpaca: the stream was closed while connecting', { broker: 'alpaca' }));
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket && socket.readyState < 2) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        socket.addEventListener('close', () => {
          clearTimeout(timer);
          resolve();
        });
        socket.close(NORMAL_CLOSURE, 'client disconnect');
      });
    }
  }

  /** Opens a socket and completes the handshake; the socket then feeds `onUpdate` and reports drops. */
  #open(generation: number): Promise<WebSocket> {
    const { url, keys, logger } = this.#o;
    const Ctor = this.#o.WebSocket ?? globalThis.WebSocket;
    return new Promise<WebSocket>((resolve, reject) => {
      let settled = false;
      let socket: WebSocket | undefined;
      const fail = (error: BrokerError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#abortHandshake = undefined;
        try {
          socket?.close(NORMAL_CLOSURE, 'handshake failed');
        } catch {
          // already closing
        }
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new ConnectionError(`alpaca: the trade_updates stream did not authenticate and listen within ${this.#o.handshakeTimeoutMs} ms`, { broker: 'alpaca' })),
        this.#o.handshakeTimeoutMs,
      );
      this.#abortHandshake = fail;
      let ws: WebSocket;
      try {
        ws = new Ctor(url);
      } catch (cause) {
        fail(new ConnectionError('alpaca: could not open the trade_updates stream', { broker: 'alpaca', cause }));
        return;
      }
      socket = ws;
      ws.binaryType = 'arraybuffer';
      ws.addEventListener('open', () => {
        ws.send(JSON.stringify({ action: 'authenticate', data: { key_id: keys.apiKey, secret_key: keys.secretKey } }));
      });
      ws.addEventListener('message', (event: MessageEvent) => {
        this.#queue = this.#queue.then(async () => {
          const messages = await this.#decode(event.data);
          for (const message of messages) {
            if (settled) {
              if (generation === this.#generation) this.#dispatch(message);
              continue;
            }
            const step = handshakeStep(message);
            if (step === 'authorized') ws.send(JSON.stringify({ action: 'listen', data: { streams: [TRADE_UPDATES] } }));
            else if (step === 'listening') {
              settled = true;
              clearTimeout(timer);
              this.#abortHandshake = undefined;
              // Owned before anyone awaits: a drop right after the handshake must be seen as one.
              if (generation === this.#generation) this.#socket = ws;
              logger.debug('stream listening', { stream: TRADE_UPDATES });
              resolve(ws);
            } else if (step instanceof BrokerError) fail(step);
          }
        });
      });
      ws.addEventListener('close', (event: CloseEvent) => {
        // Queued behind the messages that came before it: an "unauthorized" answer followed by a
        // close must read as the refusal it is.
        this.#queue = this.#queue.then(() => {
          if (!settled) {
            fail(new ConnectionError(`alpaca: the trade_updates stream closed during the handshake (code ${event.code})`, { broker: 'alpaca' }));
            return;
          }
          if (generation === this.#generation && this.#socket === ws) this.#dropped(`closed (code ${event.code})`);
        });
      });
      ws.addEventListener('error', () => {
        // A close event follows every error; the reason is reported there.
      });
    });
  }

  async #decode(data: unknown): Promise<unknown[]> {
    let text: string;
    try {
      if (typeof data === 'string') text = data;
      else if (data instanceof ArrayBuffer) text = new TextDecoder().decode(data);
      else if (ArrayBuffer.isView(data)) text = new TextDecoder().decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      else if (typeof Blob !== 'undefined' && data instanceof Blob) text = await data.text();
      else throw new TypeError('unknown frame type');
      const parsed: unknown = JSON.parse(text);
      const frames: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
      return frames;
    } catch {
      // The frame is not quoted: it could hold anything.
      this.#o.onError(new BrokerProtocolError('alpaca: a trade_updates frame is not JSON', { broker: 'alpaca' }));
      return [];
    }
  }

  #dispatch(message: unknown): void {
    const envelope = StreamEnvelopeSchema.safeParse(message);
    if (!envelope.success || envelope.data.stream !== TRADE_UPDATES) {
      if (envelope.success && envelope.data.stream === 'authorization') {
        const auth = AuthorizationDataSchema.safeParse(envelope.data.data);
        if (auth.success && auth.data.status !== 'authorized') {
          this.#o.onError(new AuthenticationError('alpaca: the trade_updates stream revoked its authorization', { broker: 'alpaca' }));
        }
      }
      return;
    }
    const update = TradeUpdateSchema.safeParse(envelope.data.data, { reportInput: false });
    if (!update.success) {
      const first = formatIssues(update.error)[0];
      this.#o.onError(new BrokerProtocolError(`alpaca: unreadable trade update: ${first ? `${first.field}: ${first.message}` : 'bad shape'}`, { broker: 'alpaca' }));
      return;
    }
    try {
      this.#o.onUpdate(update.data);
    } catch (error) {
      this.#o.onError(isBrokerError(error) ? error : new BrokerError('alpaca: a trade update could not be applied', { broker: 'alpaca', cause: error }));
    }
  }

  #dropped(reason: string): void {
    const generation = ++this.#generation;
    const downSince = this.#o.clock.now();
    this.#socket = undefined;
    this.#state = 'reconnecting';
    this.#o.logger.warn('stream dropped, reconnecting', { reason });
    this.#o.onDown(reason);
    void this.#reconnect(generation, downSince);
  }

  async #reconnect(generation: number, downSince: number): Promise<void> {
    const { clock, reconnect, random, logger } = this.#o;
    for (let attempt = 1; generation === this.#generation; attempt++) {
      const cap = Math.min(reconnect.maxDelayMs, reconnect.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
      await clock.sleep(Math.round(cap * Math.min(Math.max(random(), 0), 1)));
      if (generation !== this.#generation) return;
      let socket: WebSocket;
      try {
        socket = await this.#open(generation);
      } catch (error) {
        if (generation !== this.#generation) return;
        if (error instanceof AuthenticationError) {
          this.#state = 'closed';
          this.#o.onError(error);
          return;
        }
        logger.warn('stream reconnect failed', { attempt, error: (error as Error).message });
        continue;
      }
      if (generation !== this.#generation) {
        socket.close(NORMAL_CLOSURE, 'superseded');
        return;
      }
      this.#state = 'open';
      logger.info('stream back', { attempts: attempt });
      try {
        await this.#o.onBack(downSince);
      } catch (error) {
        this.#o.onError(isBrokerError(error) ? error : new BrokerError('alpaca: reconciliation after a reconnect failed', { broker: 'alpaca', cause: error }));
      }
      return;
    }
  }
}

/** What a handshake message means: a step done, a refusal, or nothing for the handshake. */
function handshakeStep(message: unknown): 'authorized' | 'listening' | BrokerError | undefined {
  const envelope = StreamEnvelopeSchema.safeParse(message);
  if (!envelope.success) return undefined;
  if (envelope.data.stream === 'authorization') {
    const auth = AuthorizationDataSchema.safeParse(envelope.data.data);
    if (!auth.success) return new BrokerProtocolError('alpaca: unreadable authorization message on the stream', { broker: 'alpaca' });
    if (auth.data.status === 'authorized') return 'authorized';
    return new AuthenticationError(`alpaca: the trade_updates stream refused the key pair (${auth.data.status})`, { broker: 'alpaca' });
  }
  if (envelope.data.stream === 'listening') {
    const listening = ListeningDataSchema.safeParse(envelope.data.data);
    if (listening.success && listening.data.streams.includes(TRADE_UPDATES)) return 'listening';
    return new ConnectionError('alpaca: the stream did not grant trade_updates', { broker: 'alpaca' });
  }
  return undefined;
}

import { EventEmitter } from 'eventemitter3';
import { EventName, IBApi } from '@stoqey/ib';
import { BrokerError, ConfigError, ConnectionError, type Clock, type Logger, type RateLimiter } from '@invest/broker-core';
import { ibkrPort, type IbkrConfig } from '../config.ts';
import { ibkrError, ibkrErrorKind } from './error-map.ts';
import { abortableSleep } from './abortable-sleep.ts';
import { twsPacer } from './pacing.ts';
import { RequestBook } from './request-book.ts';

/**
 * Oldest TWS API server version the adapter accepts: decimal (fractional) sizes on the wire
 * (FRACTIONAL_SIZE_SUPPORT, TWS 10.x). @stoqey/ib itself refuses versions above what it speaks.
 */
export const MIN_SERVER_VERSION = 163;

/** What the handshake established. */
export interface TwsSession {
  serverVersion: number;
  /** Accounts the login manages (`managedAccounts`). */
  accounts: string[];
  /** The account this connection trades. */
  account: string;
  /** `nextValidId` of this connection. */
  nextValidId: number;
}

/** Connection lifecycle, as the adapter reports it. */
export type TwsState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** What the connection tells its owner. */
export interface TwsConnectionEvents {
  /** A handshake completed (first connect or a reconnect). */
  up: [session: TwsSession, reconnect: boolean];
  /** The connection was lost (not by `disconnect()`). */
  down: [reason: string];
  /** An error that belongs to no request (a reconnect that failed for good, say). */
  error: [error: BrokerError];
}

/**
 * One API connection to TWS / IB Gateway through the unmodified `@stoqey/ib`: the handshake and
 * server-version check, `managedAccounts` and the account chosen by config, `nextValidId`, pacing
 * of every message under IB's 50 per second, and reconnects with doubling delays after a drop or
 * the daily TWS restart.
 *
 * @example
 * ```ts
 * const tws = new TwsConnection(config, logger, systemClock)
 * const session = await tws.connect()
 * await tws.send((ib) => ib.reqPositions())
 * ```
 */
export class TwsConnection extends EventEmitter<TwsConnectionEvents> {
  readonly ib: IBApi;
  /** The requests waiting on this connection (see `twsRequest`). */
  readonly requests: RequestBook;
  readonly host: string;
  readonly port: number;
  readonly #config: IbkrConfig;
  readonly #log: Logger;
  readonly #clock: Clock;
  readonly #pacer: RateLimiter;
  #state: TwsState = 'idle';
  #session: TwsSession | undefined;
  #reconnecting: Promise<void> | undefined;
  /** Aborted by `disconnect()`: ends every wait of this connection (reconnect delays, handshakes, waiters). */
  #lifetime = new AbortController();

  /** `messagesPerSecond` overrides the config's pace (benches against the fake only). */
  constructor(config: IbkrConfig, logger: Logger, clock: Clock, messagesPerSecond = config.messagesPerSecond) {
    super();
    this.#config = config;
    this.#log = logger;
    this.#clock = clock;
    this.host = config.host;
    this.port = ibkrPort(config);
    // Every option is given so the library never reads its own configuration (which would load a
    // .env file from the working directory and read IB_PORT and friends from the environment).
    this.ib = new IBApi({ host: this.host, port: this.port, clientId: config.clientId, maxReqPerSec: messagesPerSecond });
    this.#pacer = twsPacer(this.host, this.port, config.clientId, messagesPerSecond, clock);
    this.requests = new RequestBook(this.ib);
    this.ib.on(EventName.disconnected, () => this.#onDisconnected());
    // Without a listener the library's error events would be thrown by the emitter.
    this.ib.on(EventName.error, () => undefined);
  }

  get state(): TwsState {
    return this.#state;
  }

  get connected(): boolean {
    return this.#state === 'connected';
  }

  /** The session of the current (or last) connection. */
  get session(): TwsSession | undefined {
    return this.#session;
  }

  /**
   * Aborted when `disconnect()` is called: what waits on this connection (a lookup's delay, say)
   * ends with it. A `connect()` after a disconnect gets a new one.
   */
  get signal(): AbortSignal {
    return this.#lifetime.signal;
  }

  /** Connects (once; a second call while connected resolves with the same session). */
  async connect(): Promise<TwsSession> {
    if (this.#state === 'connected' && this.#session) return this.#session;
    if (this.#lifetime.signal.aborted) this.#lifetime = new AbortController();
    if (this.#state === 'reconnecting' && this.#reconnecting) {
      await this.#reconnecting;
      if (this.#session && this.connected) return this.#session;
    }
    this.#state = 'connecting';
    try {
      const session = await this.#handshake();
      this.#established(session, false);
      return session;
    } catch (error) {
      this.#state = 'idle';
      throw error;
    }
  }

  /**
   * Closes the connection and stops reconnecting: the reconnect delay, a handshake under way and
   * every `whenConnected` waiter end now, so nothing of this connection keeps the process alive.
   */
  async disconnect(): Promise<void> {
    const wasUp = this.#state === 'connected' || this.#state === 'reconnecting';
    this.#state = 'closed';
    this.#lifetime.abort();
    await this.#closeSocket();
    if (wasUp) this.emit('down', 'disconnect requested');
    // Every request still waiting ends (it hears the drop), and their deadline timer goes.
    this.requests.dropAll();
    this.requests.close();
  }

  /**
   * Closes the socket and waits until the library saw it close: a connect started before that
   * would have its new socket marked closed by the old one's late close event.
   */
  async #closeSocket(): Promise<void> {
    if (!this.ib.isConnected) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, 1_000);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.ib.once(EventName.disconnected, done);
      this.ib.disconnect();
    });
  }

  /**
   * Sends one message (or a few, counted by `messages`) within the connection's pace. Rejects
   * with a `ConnectionError` (outcome denied: nothing was sent) when not connected.
   */
  send(write: (ib: IBApi) => unknown, messages = 1): Promise<void> {
    try {
      return this.sendNow(write, messages) ? Promise.resolve() : this.#sendPaced(write, messages);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Writes at once when the pace has a grant free now (the usual case) and returns true;
   * false when the message must wait its turn (use `send`). Throws `ConnectionError` (outcome
   * denied) when not connected.
   */
  sendNow(write: (ib: IBApi) => unknown, messages = 1): boolean {
    if (messages !== 1 || !this.#pacer.tryAcquire()) return false;
    this.#write(write);
    return true;
  }

  async #sendPaced(write: (ib: IBApi) => unknown, messages: number): Promise<void> {
    // disconnect() ends the wait at once: a message still queued for its grant is not sent.
    const signal = this.#lifetime.signal;
    try {
      for (let i = 0; i < messages; i++) await this.#pacer.acquire(signal);
    } catch (error) {
      if (!signal.aborted) throw error;
      throw new ConnectionError('ibkr: disconnected while the message waited for its pacing grant; nothing was sent', { broker: 'ibkr', retryable: true, outcome: 'denied' });
    }
    this.#write(write);
  }

  #write(write: (ib: IBApi) => unknown): void {
    if (!this.connected) {
      throw new ConnectionError('ibkr: not connected to TWS; nothing was sent', { broker: 'ibkr', retryable: true, outcome: 'denied' });
    }
    write(this.ib);
  }

  /** Resolves once connected, or rejects after `timeoutMs` (a lookup waiting out a reconnect). */
  async whenConnected(timeoutMs: number): Promise<void> {
    if (this.connected) return;
    if (this.#state === 'idle' || this.#state === 'closed') {
      throw new ConnectionError('ibkr: not connected to TWS (call connect first); nothing was sent', { broker: 'ibkr', retryable: false, outcome: 'denied' });
    }
    const signal = this.#lifetime.signal;
    await new Promise<void>((resolve, reject) => {
      const end = (error?: ConnectionError): void => {
        clearTimeout(timer);
        this.off('up', onUp);
        signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      const onUp = (): void => end();
      const onAbort = (): void => end(new ConnectionError('ibkr: disconnected from TWS (disconnect requested); nothing was sent', { broker: 'ibkr', retryable: false, outcome: 'denied' }));
      const timer = setTimeout(
        () => end(new ConnectionError(`ibkr: TWS did not come back within ${timeoutMs} ms; nothing was sent`, { broker: 'ibkr', retryable: true, outcome: 'denied' })),
        timeoutMs,
      );
      this.once('up', onUp);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  #established(session: TwsSession, reconnect: boolean): void {
    this.#session = session;
    this.#state = 'connected';
    this.#log.info('connected to TWS', { serverVersion: session.serverVersion, account: session.account, reconnect });
    this.emit('up', session, reconnect);
  }

  #onDisconnected(): void {
    if (this.#state !== 'connected') return;
    this.#state = 'reconnecting';
    this.#log.warn('TWS connection lost; reconnecting', { host: this.host, port: this.port });
    this.emit('down', 'connection lost');
    this.requests.dropAll();
    this.#reconnecting = this.#reconnectLoop().finally(() => {
      this.#reconnecting = undefined;
    });
  }

  async #reconnectLoop(): Promise<void> {
    let delay = this.#config.reconnect.initialDelayMs;
    const signal = this.#lifetime.signal;
    for (let attempt = 1; this.#state === 'reconnecting'; attempt++) {
      // disconnect() ends the delay (and clears its timer) at once.
      await abortableSleep(this.#clock, delay, signal);
      if (this.#state !== 'reconnecting') return;
      try {
        const session = await this.#handshake();
        if (this.#state !== 'reconnecting') {
          await this.#closeSocket();
          return;
        }
        this.#established(session, true);
        return;
      } catch (error) {
        if (this.#state !== 'reconnecting') return;
        if (error instanceof ConfigError) {
          this.#state = 'closed';
          this.emit('error', error);
          return;
        }
        this.#log.warn('reconnect failed', { attempt, delayMs: delay, error: (error as Error).message });
        delay = Math.min(delay * 2, this.#config.reconnect.maxDelayMs);
      }
    }
  }

  /** One connection attempt: TCP, version handshake, startApi, then managedAccounts and nextValidId. */
  #handshake(): Promise<TwsSession> {
    const ib = this.ib;
    const signal = this.#lifetime.signal;
    return new Promise<TwsSession>((resolve, reject) => {
      let accounts: string[] | undefined;
      let nextValidId: number | undefined;
      let serverVersion = 0;
      const done = (error?: Error): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        ib.off(EventName.server, onServer);
        ib.off(EventName.managedAccounts, onAccounts);
        ib.off(EventName.nextValidId, onNextId);
        ib.off(EventName.error, onError);
        ib.off(EventName.info, onInfo);
        ib.off(EventName.disconnected, onClosed);
        if (error) {
          void this.#closeSocket().then(() => reject(error));
          return;
        }
        try {
          resolve({ serverVersion, accounts: accounts!, account: this.#chooseAccount(accounts!), nextValidId: nextValidId! });
        } catch (problem) {
          void this.#closeSocket().then(() => reject(problem as Error));
        }
      };
      const check = (): void => {
        if (accounts !== undefined && nextValidId !== undefined) done();
      };
      const onServer = (version: number): void => {
        serverVersion = version;
        if (version < MIN_SERVER_VERSION) {
          done(new ConnectionError(`ibkr: TWS API server version ${version} is older than ${MIN_SERVER_VERSION}, the oldest this adapter speaks; update TWS / IB Gateway`, { broker: 'ibkr', retryable: false }));
        }
      };
      const onAccounts = (list: string): void => {
        accounts = list.split(',').map((a) => a.trim()).filter((a) => a !== '');
        check();
      };
      const onNextId = (id: number): void => {
        nextValidId = id;
        check();
      };
      const onError = (error: Error, code: number): void => {
        const kind = ibkrErrorKind(code, error.message);
        if (kind === 'client_id_in_use') done(ibkrError(code, error.message, { what: 'connect' }));
        else if (kind === 'connection' || code === 506) {
          done(new ConnectionError(`ibkr: cannot connect to TWS at ${this.host}:${this.port}: ${error.message}`, { broker: 'ibkr', retryable: true, brokerCode: code }));
        }
      };
      // TWS sends "client id in use" (326) with no request id: the library reports it as info.
      const onInfo = (message: string, code: number): void => {
        if (ibkrErrorKind(code, message) === 'client_id_in_use') done(ibkrError(code, message, { what: 'connect' }));
      };
      const onClosed = (): void => done(new ConnectionError(`ibkr: TWS at ${this.host}:${this.port} closed the connection during the handshake`, { broker: 'ibkr', retryable: true }));
      const stopped = (): ConnectionError => new ConnectionError(`ibkr: connecting to TWS at ${this.host}:${this.port} stopped: disconnect requested`, { broker: 'ibkr', retryable: false });
      const onAbort = (): void => {
        // A socket still connecting is not connected for the library yet (closeSocket leaves it).
        if (!ib.isConnected) ib.disconnect();
        done(stopped());
      };
      const timer = setTimeout(
        () => done(new ConnectionError(`ibkr: no handshake from TWS at ${this.host}:${this.port} within ${this.#config.connectTimeoutMs} ms`, { broker: 'ibkr', retryable: true })),
        this.#config.connectTimeoutMs,
      );
      ib.on(EventName.server, onServer);
      ib.on(EventName.managedAccounts, onAccounts);
      ib.on(EventName.nextValidId, onNextId);
      ib.on(EventName.error, onError);
      ib.on(EventName.info, onInfo);
      ib.on(EventName.disconnected, onClosed);
      if (signal.aborted) {
        done(stopped());
        return;
      }
      signal.addEventListener('abort', onAbort, { once: true });
      ib.connect(this.#config.clientId);
    });
  }

  /** The configured account, else the only one; several without a choice is a ConfigError. */
  #chooseAccount(accounts: string[]): string {
    const wanted = this.#config.account;
    if (wanted !== undefined) {
      if (accounts.includes(wanted)) return wanted;
      throw new ConfigError(`ibkr: account ${wanted} is not managed by this login (it manages ${accounts.join(', ') || 'none'})`, { broker: 'ibkr', path: 'account' });
    }
    if (accounts.length === 1) return accounts[0]!;
    throw new ConfigError(
      accounts.length === 0
        ? 'ibkr: TWS listed no managed accounts'
        : `ibkr: this login manages several accounts (${accounts.join(', ')}); choose one with account (or IBKR_ACCOUNT)`,
      { broker: 'ibkr', path: 'account' },
    );
  }
}

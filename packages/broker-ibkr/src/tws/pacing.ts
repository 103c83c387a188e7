import { sharedRateLimiter, type Clock, type RateLimiter } from '@invest/broker-core';

/**
 * The message budget of one API connection (host, port, client id): IB allows 50 messages per
 * second per client and disconnects a client that keeps exceeding it (error 100). Every request
 * of every adapter instance on that connection takes one grant per message it sends.
 *
 * @example
 * ```ts
 * const limiter = twsPacer('127.0.0.1', 7497, 1, 40)
 * await limiter.acquire()
 * ```
 */
export function twsPacer(host: string, port: number, clientId: number, perSecond: number, clock?: Clock): RateLimiter {
  return sharedRateLimiter(`ibkr:${host}:${port}:${clientId}`, [{ limit: perSecond, windowMs: 1_000 }], clock);
}

import type { MarketPhase, SessionCalendar, TradingSession } from './calendar.ts';
import { marketPhase } from './calendar.ts';

/** The four moments of a trading day, in order. */
export type SessionBoundary = 'extendedOpen' | 'open' | 'close' | 'extendedClose';

const ORDER: readonly SessionBoundary[] = ['extendedOpen', 'open', 'close', 'extendedClose'];
const PHASE_AFTER: Record<SessionBoundary, MarketPhase> = { extendedOpen: 'extended', open: 'regular', close: 'extended', extendedClose: 'closed' };

/**
 * Follows the market through its sessions as the simulator's time moves. Crossing a boundary calls
 * back with it, in order, even when several lie between two calls (a week without a tick), so
 * expiries, the open and the close all happen at their own times. Between boundaries the phase is
 * cached, so a tick costs one comparison.
 */
export class SessionTracker {
  readonly #calendar: SessionCalendar;
  #session: TradingSession;
  #index = 0;
  /** Time of the next boundary. */
  nextAt = 0;
  phase: MarketPhase;

  constructor(calendar: SessionCalendar, time: number) {
    this.#calendar = calendar;
    this.#session = calendar.sessionAt(time);
    this.phase = marketPhase(calendar, time);
    this.#index = ORDER.findIndex((b) => this.#session[b] > time);
    this.nextAt = this.#session[ORDER[this.#index] as SessionBoundary];
  }

  /** The session in progress, or the next one. */
  get session(): TradingSession {
    return this.#session;
  }

  /** Crosses every boundary at or before `time`, calling `onBoundary` for each. */
  advance(time: number, onBoundary: (boundary: SessionBoundary, at: number, session: TradingSession) => void): void {
    while (time >= this.nextAt) {
      const boundary = ORDER[this.#index] as SessionBoundary;
      const at = this.nextAt;
      const session = this.#session;
      this.phase = PHASE_AFTER[boundary];
      if (this.#index === ORDER.length - 1) {
        this.#session = this.#calendar.sessionAt(at);
        this.#index = 0;
      } else {
        this.#index += 1;
      }
      this.nextAt = this.#session[ORDER[this.#index] as SessionBoundary];
      onBoundary(boundary, at, session);
    }
  }
}

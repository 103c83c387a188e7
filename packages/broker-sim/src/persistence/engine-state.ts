import { BrokerError, Decimal, formatIssues } from '@invest/broker-core';
import { exactText } from '../engine/exact-text.ts';
import { SimEngine, type EngineConfig } from '../engine/engine.ts';
import { internalOrder } from '../engine/order-fields.ts';
import type { OrderBook } from '../engine/order-book.ts';
import type { SimOrder } from '../engine/sim-order.ts';
import type { SessionCalendar } from '../session/calendar.ts';
import { canonicalJson } from './canonical-json.ts';
import { migrateState } from './migrate.ts';
import { SimStateSchema, STATE_VERSION, type SimMarketState, type SimOrderState, type SimState } from './state-schema.ts';

/**
 * The engine as a plain state object (see `SimStateSchema`): orders in `seq` order, exact amounts
 * as strings, nothing that depends on when or where it was written.
 *
 * @example
 * ```ts
 * const text = serializeState(engine) // canonical JSON, the state file's content
 * ```
 */
export function engineToState(engine: SimEngine): SimState {
  const l = engine.ledger;
  const positions: SimState['positions'] = {};
  for (const [symbol, p] of l.positions) {
    positions[symbol] = { quantity: exactText(p.quantity), cost: exactText(p.cost), realizedPnl: exactText(p.realized) };
  }
  const market: SimState['market'] = {};
  for (const [symbol, b] of engine.books) {
    const m = marketState(b);
    if (m) market[symbol] = m;
  }
  const pulled: SimState['pulled'] = {};
  for (const [symbol, p] of engine.pulled) pulled[symbol] = { at: p.at, key: p.key };
  const orders: SimOrderState[] = [];
  for (const o of engine.orders.values()) orders.push(orderState(engine, o));
  orders.sort((a, b) => a.seq - b.seq);
  return {
    version: STATE_VERSION,
    accountId: engine.config.accountId,
    currency: engine.config.currency,
    time: engine.time,
    ledger: { initialCash: exactText(l.initialCash), cash: exactText(l.cash), realizedPnl: exactText(l.realized), commissions: exactText(l.commissions) },
    startOfDay: { date: engine.startOfDay.date, equity: exactText(engine.startOfDay.equity) },
    seq: { ...engine.seq },
    positions,
    orders,
    fills: engine.fills,
    market,
    pulled,
    source: engine.sourceState ?? null,
  };
}

/**
 * One symbol's market as the state keeps it (undefined for a book never quoted nor declared).
 *
 * @example
 * ```ts
 * marketState(engine.book('AAPL'))?.bid // 187.2
 * ```
 */
export function marketState(b: OrderBook): SimMarketState | undefined {
  if (!b.hasQuote && !b.known) return undefined;
  return {
    bid: b.bid, ask: b.ask, last: b.last, bidSize: b.bidSize, askSize: b.askSize, lastSize: b.lastSize,
    time: b.time, used: { bid: b.bidUsed, ask: b.askUsed, last: b.lastUsed },
    trailRefSell: b.trailRefSell, trailRefBuy: b.trailRefBuy, known: b.known || undefined,
  };
}

/**
 * Puts a saved market state back into a book (its quote, the liquidity used, trailing references).
 *
 * @example
 * ```ts
 * applyMarketState(engine.book('AAPL'), state.market.AAPL)
 * ```
 */
export function applyMarketState(b: OrderBook, m: SimMarketState): void {
  b.setQuote({ symbol: b.symbol, bid: m.bid, ask: m.ask, last: m.last, bidSize: m.bidSize, askSize: m.askSize, lastSize: m.lastSize }, m.time);
  b.bidUsed = m.used.bid;
  b.askUsed = m.used.ask;
  b.lastUsed = m.used.last;
  b.trailRefSell = m.trailRefSell;
  b.trailRefBuy = m.trailRefBuy;
  b.known = m.known ?? false;
}

/**
 * One order as the state keeps it (its trailing water mark read from the index while it rests).
 *
 * @example
 * ```ts
 * orderState(engine, engine.get('ord-000001')).filled // '10'
 * ```
 */
export function orderState(engine: SimEngine, o: SimOrder): SimOrderState {
  const s: SimOrderState = {
    order: o.order, seq: o.seq, role: o.role, legIds: o.legIds, filled: exactText(o.filled), value: exactText(o.value),
    commission: exactText(o.commission), triggered: o.triggered,
  };
  if (o.siblingId !== undefined) s.siblingId = o.siblingId;
  const mark = engine.waterMarkOf(o);
  if (mark !== undefined) s.waterMark = mark;
  if (o.expiresAt !== undefined) s.expiresAt = o.expiresAt;
  return s;
}

/**
 * The state file's content: canonical JSON and a final newline.
 *
 * @example
 * ```ts
 * await writeFileAtomic(path, serializeState(engine))
 * ```
 */
export function serializeState(engine: SimEngine): string {
  return `${canonicalJson(engineToState(engine))}\n`;
}

/**
 * Reads a state file's text back into an engine: migrate, validate, rebuild the books (resting
 * orders go back into their price index). The account settings come from `config`, the money and
 * orders from the file.
 *
 * @example
 * ```ts
 * const engine = restoreEngine(await readFile(path, 'utf8'), config, calendar, path)
 * ```
 */
export function restoreEngine(text: string, config: EngineConfig, calendar: SessionCalendar, where = 'state file'): SimEngine {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new BrokerError(`${where} is not valid JSON`, { broker: 'sim', cause });
  }
  const parsed = SimStateSchema.safeParse(migrateState(raw, where));
  if (!parsed.success) {
    const first = formatIssues(parsed.error)[0];
    throw new BrokerError(`${where} is not a valid simulator state: ${first?.field}: ${first?.message}`, { broker: 'sim' });
  }
  return engineFromState(parsed.data, config, calendar);
}

/**
 * Builds an engine from a state already checked (a parsed state file, or rows of the state
 * database): ledger, positions, market, fills, then every order in `seq` order, resting ones back
 * in their book's index.
 *
 * @example
 * ```ts
 * const engine = engineFromState(SimStateSchema.parse(raw), config, calendar)
 * ```
 */
export function engineFromState(s: SimState, config: EngineConfig, calendar: SessionCalendar): SimEngine {
  const engine = new SimEngine({ ...config, accountId: s.accountId, currency: s.currency, initialCash: Number(s.ledger.initialCash) }, calendar, s.time);
  const l = engine.ledger;
  l.initialCash = Decimal.from(s.ledger.initialCash);
  l.cash = Decimal.from(s.ledger.cash);
  l.realized = Decimal.from(s.ledger.realizedPnl);
  l.commissions = Decimal.from(s.ledger.commissions);
  for (const [symbol, p] of Object.entries(s.positions)) {
    l.positions.set(symbol, { quantity: Decimal.from(p.quantity), cost: Decimal.from(p.cost), realized: Decimal.from(p.realizedPnl) });
  }
  engine.startOfDay = { date: s.startOfDay.date, equity: Decimal.from(s.startOfDay.equity) };
  Object.assign(engine.seq, s.seq);
  for (const [symbol, m] of Object.entries(s.market)) applyMarketState(engine.book(symbol), m);
  for (const [symbol, p] of Object.entries(s.pulled)) engine.pulled.set(symbol, { at: p.at, key: p.key });
  engine.sourceState = s.source ?? undefined;
  for (const f of s.fills) engine.fills.push(f);
  for (const st of s.orders) engine.restoreOrder(simOrderOf(st));
  engine.mutations = 0;
  return engine;
}

/**
 * The engine's record of a saved order (not yet in any index).
 *
 * @example
 * ```ts
 * engine.restoreOrder(simOrderOf(state.orders[0]))
 * ```
 */
export function simOrderOf(st: SimOrderState): SimOrder {
  const o: SimOrder = {
    order: internalOrder(st.order), seq: st.seq, role: st.role, legIds: st.legIds, filled: Decimal.from(st.filled), value: Decimal.from(st.value),
    commission: Decimal.from(st.commission), triggered: st.triggered, gen: 0, slot: 'none', claim: undefined, openAt: -1, sellPart: undefined,
  };
  if (st.siblingId !== undefined) o.siblingId = st.siblingId;
  if (st.waterMark !== undefined) o.waterMark = st.waterMark;
  if (st.expiresAt !== undefined) o.expiresAt = st.expiresAt;
  return o;
}

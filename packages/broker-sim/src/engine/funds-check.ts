import { Decimal, formatMoney, InsufficientFundsError, NotSupportedError, type OrderRequest } from '@invest/broker-core';
import { orderCommission } from './commission.ts';
import { decimalOf, minus, numberOf, plus, times } from './fast-decimal.ts';
import { slippedPrice } from './fill-price.ts';
import type { SimEngine } from './engine.ts';
import type { OrderBook } from './order-book.ts';
import type { SimOrder } from './sim-order.ts';
import { buyingPower } from './valuation.ts';

/** Decimal places of a fractional quantity (the capabilities' increment of 1e-9). */
export const QUANTITY_PLACES = 9;

/**
 * Refuses a short sell where short selling is off (`NotSupportedError`), and an order buying power
 * cannot cover (`InsufficientFundsError`). `replacing`: the order a replace would end, whose claim
 * on shares and buying power does not count.
 *
 * @example
 * ```ts
 * checkFunds(engine, req, undefined) // InsufficientFundsError: ... needs 10,001.00 USD, buying power is ...
 * ```
 */
export function checkFunds(e: SimEngine, req: OrderRequest, replacing: SimOrder | undefined): void {
  const book = e.book(req.symbol);
  const price = estimatePrice(e, req, book);
  const qty = req.quantity !== undefined ? decimalOf(req.quantity) : price !== undefined ? decimalOf(req.notional as number).div(decimalOf(price), QUANTITY_PLACES) : undefined;
  const position = e.ledger.quantity(req.symbol);
  let opening = Decimal.ZERO;
  if (req.side === 'sell') {
    const free = sellable(e, req.symbol, replacing);
    if (qty && qty.cmp(free) > 0) {
      if (!e.config.shortSelling) {
        throw new NotSupportedError(
          `sim account ${e.config.accountId} does not allow short selling: selling ${qty} ${req.symbol} with ${free} available (${position.sign() > 0 ? position : 0} held, the rest in open sell orders)`,
          { broker: 'sim', capability: 'shortSelling' },
        );
      }
      // What other open sells have claimed counts as sold: the rest of this order opens a short.
      opening = minus(qty, free);
    }
  } else if (qty) {
    const short = position.sign() < 0 ? position.neg() : Decimal.ZERO;
    opening = qty.cmp(short) > 0 ? minus(qty, short) : Decimal.ZERO;
  }
  if (req.orderClass === 'oco' || price === undefined) return;
  let required = req.notional !== undefined && req.side === 'buy' && opening.sign() > 0 ? decimalOf(req.notional) : times(opening, decimalOf(price));
  if (required.isZero()) return;
  if (qty) required = plus(required, orderCommission(e.config.commission, qty));
  const power = buyingPower(e, replacing);
  if (required.cmp(power) > 0) {
    const currency = e.config.currency;
    throw new InsufficientFundsError(
      `Insufficient buying power: the order needs ${formatMoney(required, currency)}, buying power is ${formatMoney(power, currency)}`,
      { broker: 'sim', outcome: 'rejected' },
    );
  }
}

/** The price an order is expected to trade at, for buying power (undefined when nothing is quoted). */
function estimatePrice(e: SimEngine, req: OrderRequest, book: OrderBook): number | undefined {
  if (req.type === 'limit' || req.type === 'stop_limit') return req.limitPrice;
  const px = book.takePrice(req.side);
  if (req.type === 'stop') return px === undefined ? req.stopPrice : Math.max(px, req.stopPrice as number);
  if (px === undefined) return undefined;
  return numberOf(slippedPrice(px, req.side, e.config.slippageBps, e.config.priceRounding));
}

/** Shares of a long that no open sell order has claimed yet (an OCO pair claims once). */
function sellable(e: SimEngine, symbol: string, exclude?: SimOrder): Decimal {
  const held = e.ledger.quantity(symbol);
  if (held.sign() <= 0) return Decimal.ZERO;
  const committed = e.store.reservations.committedSells(symbol, e.view, exclude);
  const free = minus(held, committed);
  return free.sign() > 0 ? free : Decimal.ZERO;
}

import type { Decimal, Fill, Order } from '@invest/broker-core';
import { exactText } from './exact-text.ts';
import { numberOf } from './fast-decimal.ts';
import { isoTime, padSeq } from './time-text.ts';

/**
 * A fill as booked, before its public record is built: the record (`toFill`) is the same whenever
 * it is built, so a backtest that never asks for it does not pay for it at every execution.
 */
export class PendingFill {
  readonly seq: number;
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly symbol: string;
  readonly side: Order['side'];
  readonly quantity: Decimal;
  readonly price: Decimal;
  readonly commission: Decimal;
  readonly realized: Decimal;
  readonly at: number;

  constructor(seq: number, orderId: string, clientOrderId: string, symbol: string, side: Order['side'], quantity: Decimal, price: Decimal, commission: Decimal, realized: Decimal, at: number) {
    this.seq = seq;
    this.orderId = orderId;
    this.clientOrderId = clientOrderId;
    this.symbol = symbol;
    this.side = side;
    this.quantity = quantity;
    this.price = price;
    this.commission = commission;
    this.realized = realized;
    this.at = at;
  }

  toFill(): Fill {
    const { quantity: qty, price, commission } = this;
    return {
      fillId: `fill-${padSeq(this.seq)}`, orderId: this.orderId, clientOrderId: this.clientOrderId, symbol: this.symbol,
      side: this.side, quantity: numberOf(qty), price: numberOf(price), commission: numberOf(commission), timestamp: isoTime(this.at),
      raw: { quantity: exactText(qty), price: exactText(price), commission: exactText(commission), realizedPnl: exactText(this.realized) },
    };
  }
}

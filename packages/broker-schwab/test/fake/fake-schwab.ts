// The Schwab side of the fake: the Trader API and Market Data operations the adapter uses, in
// Schwab's wire shapes, over a FakeOrderBook. Answers only; network.ts routes requests here and
// checks both directions against the contract.
import { Decimal } from '@invest/broker-core';
import { FakeOrderBook, wireTime, type ErrorAnswer, type FakeAnswer, type FakeOrderBookOptions } from './fake-order-book.ts';

const serviceError: ErrorAnswer = (status, message) => ({ status, body: { message, errors: [message] } });

export interface FakeSchwabOptions extends FakeOrderBookOptions {
  /** Other accounts the login sees besides the traded one. */
  otherAccounts?: number;
}

export class FakeSchwab {
  readonly book: FakeOrderBook;
  readonly hash = 'E5B9A0C1D2E3F4A5B6C7D8E9F0A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6E7F8A9';
  readonly others: { accountNumber: string; hashValue: string }[];
  /** Base of the Location header (the trader URL the adapter uses). */
  locationBase = '';

  constructor(options: FakeSchwabOptions = {}) {
    this.book = new FakeOrderBook(options);
    this.others = Array.from({ length: options.otherAccounts ?? 0 }, (_, i) => ({ accountNumber: String(87_654_321 + i), hashValue: `0THER${i}`.padEnd(64, 'F') }));
  }

  accountNumbers(): FakeAnswer {
    return { status: 200, body: [{ accountNumber: String(this.book.accountNumber), hashValue: this.hash }, ...this.others] };
  }

  #own(hash: string): FakeAnswer | undefined {
    return hash === this.hash ? undefined : serviceError(401, 'Client not authorized for this account');
  }

  account(hash: string, fields: string | undefined): FakeAnswer {
    const wrong = this.#own(hash);
    if (wrong) return wrong;
    const { book } = this;
    const equity = book.cash.add(book.held());
    const securitiesAccount: Record<string, unknown> = {
      type: 'MARGIN', accountNumber: String(book.accountNumber), roundTrips: 0, isDayTrader: false, isClosingOnlyRestricted: false, pfcbFlag: false,
      initialBalances: { accountValue: book.startCash.toNumber(), cashBalance: book.startCash.toNumber(), equity: book.startCash.toNumber() },
      currentBalances: { equity: equity.toNumber(), buyingPower: book.buyingPower().toNumber(), availableFunds: book.buyingPower().toNumber(), cashBalance: book.cash.toNumber() },
    };
    if (fields?.split(',').includes('positions')) {
      securitiesAccount.positions = [...book.positions.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([symbol, h]) => {
        const long = h.qty.sign() > 0;
        const value = h.qty.mul(book.quote(symbol).last);
        const pnl = value.sub(h.qty.mul(h.avg));
        return {
          longQuantity: long ? h.qty.toNumber() : 0, shortQuantity: long ? 0 : h.qty.abs().toNumber(), averagePrice: h.avg.toNumber(),
          [long ? 'averageLongPrice' : 'averageShortPrice']: h.avg.toNumber(), marketValue: value.toNumber(),
          [long ? 'longOpenProfitLoss' : 'shortOpenProfitLoss']: pnl.toNumber(), currentDayProfitLoss: pnl.toNumber(),
          instrument: { assetType: 'EQUITY', cusip: '000000000', symbol },
        };
      });
    }
    return { status: 200, body: { securitiesAccount } };
  }

  #location = (id: number): string => `${this.locationBase}/accounts/${this.hash}/orders/${id}`;

  place(hash: string, body: Record<string, unknown>): FakeAnswer {
    return this.#own(hash) ?? this.book.placeAnswer(body, this.#location, serviceError);
  }

  replace(hash: string, id: string, body: Record<string, unknown>): FakeAnswer {
    return this.#own(hash) ?? this.book.replaceAnswer(id, body, this.#location, serviceError);
  }

  cancel(hash: string, id: string): FakeAnswer {
    return this.#own(hash) ?? this.book.cancelAnswer(id, serviceError);
  }

  get(hash: string, id: string): FakeAnswer {
    return this.#own(hash) ?? this.book.getAnswer(id, serviceError);
  }

  list(hash: string, query: Record<string, string>): FakeAnswer {
    const wrong = this.#own(hash);
    if (wrong) return wrong;
    const from = Date.parse(query.fromEnteredTime ?? '');
    const to = Date.parse(query.toEnteredTime ?? '');
    if (Number.isNaN(from) || Number.isNaN(to)) return serviceError(400, 'fromEnteredTime and toEnteredTime must be valid ISO-8601 times');
    let rows = this.book.entered(from, to);
    if (query.status) rows = rows.filter((o) => o.status === query.status);
    if (query.maxResults) rows = rows.slice(0, Number(query.maxResults));
    return { status: 200, body: rows.map((o) => this.book.json(o)) };
  }

  preview(hash: string, body: Record<string, unknown>): FakeAnswer {
    const wrong = this.#own(hash);
    if (wrong) return wrong;
    const refused = this.book.refusal(body);
    const leg = (body.orderLegCollection as { quantity: number; instrument: { symbol: string } }[] | undefined)?.[0];
    const price = typeof body.price === 'number' ? body.price : this.book.quote(leg?.instrument.symbol.toUpperCase() ?? '').ask;
    const value = Decimal.from(leg?.quantity ?? 0).mul(price);
    return {
      status: 200,
      body: {
        orderId: 0,
        orderStrategy: { orderBalance: { orderValue: value.toNumber(), projectedBuyingPower: this.book.buyingPower().sub(value).toNumber(), projectedCommission: 0 }, status: 'ACCEPTED', enteredTime: wireTime(this.book.clock.now()) },
        orderValidationResult: refused ? { rejects: [{ validationRuleName: 'BUYING_POWER', message: refused, originalSeverity: 'REJECT' }] } : { accepts: [] },
      },
    };
  }

  quote(symbol: string): FakeAnswer {
    const q = this.book.quote(symbol);
    const t = this.book.clock.now();
    return {
      status: 200,
      body: {
        [symbol]: {
          assetMainType: 'EQUITY', assetSubType: 'COE', quoteType: 'NBBO', realtime: true, ssid: 1_973_757_747, symbol,
          quote: { bidPrice: q.bid, bidSize: 200, askPrice: q.ask, askSize: 300, lastPrice: q.last, lastSize: 100, quoteTime: t, tradeTime: t, securityStatus: 'Normal' },
        },
      },
    };
  }
}

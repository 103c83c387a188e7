// The TD side of the fake: the account, orders and quote operations in TD's wire shapes, over the
// order book @invest/broker-schwab's tests keep (the order JSON is the same).
import { FakeOrderBook, type ErrorAnswer, type FakeAnswer, type FakeOrderBookOptions } from '../../../broker-schwab/test/fake/fake-order-book.ts';

const tdError: ErrorAnswer = (status, error) => ({ status, body: { error } });

export class FakeTd {
  readonly book: FakeOrderBook;
  locationBase = '';

  constructor(options: FakeOrderBookOptions = {}) {
    this.book = new FakeOrderBook({ accountNumber: 123_456_789, ...options, accountField: 'accountId' });
  }

  get accountId(): string {
    return String(this.book.accountNumber);
  }

  #own(accountId: string): FakeAnswer | undefined {
    return accountId === this.accountId ? undefined : tdError(401, 'The access token being passed does not have access to this account');
  }

  account(accountId: string, fields: string | undefined): FakeAnswer {
    const wrong = this.#own(accountId);
    if (wrong) return wrong;
    const { book } = this;
    const equity = book.cash.add(book.held());
    const securitiesAccount: Record<string, unknown> = {
      type: 'MARGIN', accountId: this.accountId, roundTrips: 0, isDayTrader: false, isClosingOnlyRestricted: false,
      initialBalances: { accountValue: book.startCash.toNumber(), cashBalance: book.startCash.toNumber() },
      currentBalances: { equity: equity.toNumber(), liquidationValue: equity.toNumber(), buyingPower: book.buyingPower().toNumber(), cashBalance: book.cash.toNumber() },
    };
    if (fields?.split(',').includes('positions')) {
      securitiesAccount.positions = [...book.positions.entries()].map(([symbol, h]) => ({
        longQuantity: h.qty.toNumber(), shortQuantity: 0, averagePrice: h.avg.toNumber(), marketValue: h.qty.mul(book.quote(symbol).last).toNumber(),
        instrument: { assetType: 'EQUITY', cusip: '000000000', symbol },
      }));
    }
    return { status: 200, body: { securitiesAccount } };
  }

  #location = (id: number): string => `${this.locationBase}/accounts/${this.accountId}/orders/${id}`;

  place(accountId: string, body: Record<string, unknown>): FakeAnswer {
    return this.#own(accountId) ?? this.book.placeAnswer(body, this.#location, tdError);
  }

  replace(accountId: string, id: string, body: Record<string, unknown>): FakeAnswer {
    return this.#own(accountId) ?? this.book.replaceAnswer(id, body, this.#location, tdError);
  }

  cancel(accountId: string, id: string): FakeAnswer {
    return this.#own(accountId) ?? this.book.cancelAnswer(id, tdError);
  }

  get(accountId: string, id: string): FakeAnswer {
    return this.#own(accountId) ?? this.book.getAnswer(id, tdError);
  }

  /** TD's days are whole days: `fromEnteredTime` from its midnight, `toEnteredTime` to its end (UTC here). */
  list(accountId: string, query: Record<string, string>): FakeAnswer {
    const wrong = this.#own(accountId);
    if (wrong) return wrong;
    const day = /^\d{4}-\d{2}-\d{2}$/;
    if (!day.test(query.fromEnteredTime ?? '') || !day.test(query.toEnteredTime ?? '')) return tdError(400, 'fromEnteredTime and toEnteredTime must be yyyy-MM-dd dates');
    const from = Date.parse(`${query.fromEnteredTime}T00:00:00Z`);
    const to = Date.parse(`${query.toEnteredTime}T23:59:59.999Z`);
    let rows = this.book.entered(from, to);
    if (query.maxResults) rows = rows.slice(0, Number(query.maxResults));
    return { status: 200, body: rows.map((o) => this.book.json(o)) };
  }

  quote(symbol: string): FakeAnswer {
    const q = this.book.quote(symbol);
    const t = this.book.clock.now();
    return {
      status: 200,
      body: {
        [symbol]: {
          assetType: 'EQUITY', symbol, description: 'Apple Inc. - Common Stock', bidPrice: q.bid, bidSize: 200, askPrice: q.ask, askSize: 300,
          lastPrice: q.last, lastSize: 100, quoteTimeInLong: t, tradeTimeInLong: t, exchange: 'q', exchangeName: 'NASD', marginable: true, shortable: true,
        },
      },
    };
  }
}
